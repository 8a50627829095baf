// Validation as you type: the document goes to POST /api/validate/ ~300 ms after the last change.
import { useEffect, useState } from "react";
import { api } from "../api/client";
import type { Diagnostic } from "../core/diagnostics";

export const VALIDATE_DELAY_MS = 300;

interface ValidateResponse {
  result: "OK" | "FAIL";
  diagnostics: Diagnostic[];
  truncated: boolean;
}

export function useValidation(
  document: Record<string, unknown>,
  type: string,
  onResult: (diagnostics: Diagnostic[]) => void,
): { checking: boolean; failed: string | null } {
  const [checking, setChecking] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let current = true; // a slower answer for an older document must not overwrite a newer one
    setChecking(true);
    const timer = window.setTimeout(() => {
      api
        .post<ValidateResponse>("/api/validate/", { definition: document, type, severity: "WARNING" })
        .then((response) => {
          if (!current) return;
          onResult(response.diagnostics);
          setFailed(null);
        })
        .catch((error: unknown) => {
          if (current) setFailed(error instanceof Error ? error.message : String(error));
        })
        .finally(() => {
          if (current) setChecking(false);
        });
    }, VALIDATE_DELAY_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [document, type, onResult]);
  return { checking, failed };
}
