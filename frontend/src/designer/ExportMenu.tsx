// Export: the ASL as JSON (download or clipboard) or YAML, the graph as SVG or PNG.
import { useState } from "react";
import { exportCanvasImage } from "../canvas/WorkflowCanvas";
import { aslJson, aslYaml } from "./aslText";
import { downloadText, downloadUrl, safeFilename } from "./download";

export function ExportMenu({ document, name, canvasElement }: {
  document: Record<string, unknown>;
  name: string;
  canvasElement: () => HTMLElement | null;
}) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const base = safeFilename(name);
  const run = async (action: () => Promise<string | void> | string | void) => {
    setOpen(false);
    let shown: string | null;
    try {
      shown = (await action()) || null;
    } catch (error) {
      shown = `Export failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    setMessage(shown);
    // (The message of this run, not the state captured when the click happened, which was the previous one.)
    if (shown) setTimeout(() => setMessage((current) => (current === shown ? null : current)), 3000);
  };
  const image = (format: "svg" | "png") => async () => {
    const element = canvasElement();
    if (!element) throw new Error("the canvas is not shown (switch to Design)");
    const url = await exportCanvasImage(element, format);
    if (!url) throw new Error("the canvas gave no image");
    downloadUrl(url, `${base}.${format}`);
  };
  return (
    <div className="menu">
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        Export ▾
      </button>
      {open ? (
        <div className="menu-items" role="menu" onMouseLeave={() => setOpen(false)}>
          <button role="menuitem" type="button" data-testid="export-json"
            onClick={() => run(() => downloadText(aslJson(document), `${base}.asl.json`, "application/json"))}>
            Download ASL (JSON)
          </button>
          <button role="menuitem" type="button" data-testid="export-copy"
            onClick={() => run(async () => {
              await navigator.clipboard.writeText(aslJson(document));
              return "ASL copied to the clipboard.";
            })}>
            Copy ASL to clipboard
          </button>
          <button role="menuitem" type="button" data-testid="export-yaml"
            onClick={() => run(() => downloadText(aslYaml(document), `${base}.asl.yaml`, "application/yaml"))}>
            Download ASL (YAML)
          </button>
          <button role="menuitem" type="button" data-testid="export-svg" onClick={() => run(image("svg"))}>
            Graph as SVG
          </button>
          <button role="menuitem" type="button" data-testid="export-png" onClick={() => run(image("png"))}>
            Graph as PNG
          </button>
        </div>
      ) : null}
      {message ? <span className="toast" role="status">{message}</span> : null}
    </div>
  );
}
