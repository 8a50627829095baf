// A small "Copy" button that says "Copied" for a moment once the text is on the clipboard (JSON views, ARNs).
import { useState } from "react";

export function CopyButton({ text, title, testId }: { text: string; title: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(() => {
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1200);
    });
  };
  return (
    <button type="button" className="small" onClick={copy} title={title} data-testid={testId}>
      {copied ? "Copied" : "Copy"}
    </button>
  );
}
