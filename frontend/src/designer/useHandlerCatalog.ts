// The registered task handlers (GET /api/handlers/), for the palette and the Resource field.
import { useEffect, useState } from "react";
import { api } from "../api/client";
import type { HandlerCatalog } from "./paletteItems";

export function useHandlerCatalog(): HandlerCatalog | null {
  const [catalog, setCatalog] = useState<HandlerCatalog | null>(null);
  useEffect(() => {
    let current = true;
    api.get<HandlerCatalog>("/api/handlers/")
      .then((body) => current && setCatalog(body))
      .catch(() => current && setCatalog({ region: "us-east-1", account_id: "123456789012", handlers: [] }));
    return () => {
      current = false;
    };
  }, []);
  return catalog;
}
