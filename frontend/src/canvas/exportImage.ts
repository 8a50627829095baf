// Export the canvas as an SVG or PNG image (html-to-image), without the zoom controls and the minimap.
import { toPng, toSvg } from "html-to-image";

function keep(node: HTMLElement): boolean {
  const classes = node.classList;
  if (!classes) return true;
  return !classes.contains("react-flow__controls") && !classes.contains("react-flow__minimap") && !classes.contains("react-flow__panel");
}

/** A data URL of the element's picture (pass the canvas element, e.g. the `[data-testid=workflow-canvas]` one). */
export async function exportCanvasImage(element: HTMLElement, format: "svg" | "png"): Promise<string> {
  const options = { filter: keep, backgroundColor: "#ffffff", cacheBust: true, pixelRatio: format === "png" ? 2 : 1 };
  return format === "svg" ? toSvg(element, options) : toPng(element, options);
}

/** Exports and saves the image as `fileName` (".svg"/".png" appended when missing). */
export async function downloadCanvasImage(element: HTMLElement, format: "svg" | "png", fileName: string): Promise<void> {
  const url = await exportCanvasImage(element, format);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName.endsWith(`.${format}`) ? fileName : `${fileName}.${format}`;
  link.click();
}
