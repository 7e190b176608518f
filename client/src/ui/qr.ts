// QR code geometry for an inline SVG (no canvas, no network), for the pilot link opened on
// phones. Plain functions without UI imports, so this module and its encoder load on demand.
import qrcode from "qrcode-generator";

/** The modules of a QR code as one SVG path, with a 4-module quiet zone. */
export function qrPath(text: string): { size: number; d: string } {
  const qr = qrcode(0, "M");
  qr.addData(text, "Byte");
  qr.make();
  const count = qr.getModuleCount();
  let d = "";
  for (let r = 0; r < count; r++) for (let c = 0; c < count; c++) if (qr.isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
  return { size: count + 8, d };
}
