/**
 * Bytes of another tool's output as text. PowerShell's `>` writes UTF-16 with a
 * byte-order mark, editors on Windows put one before UTF-8: neither is data.
 * Terminal colour codes (a tool run with colours forced, or under `script`) are
 * not data either, and would otherwise end up in benchmark names.
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder("utf-16be").decode(bytes.subarray(2));
  else if (looksUtf16Le(bytes)) text = new TextDecoder("utf-16le").decode(bytes);
  else text = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
  return stripAnsi(text);
}

/** UTF-16LE without a mark: ASCII text whose every other byte is zero. */
function looksUtf16Le(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64) & ~1;
  if (n < 4) return false;
  for (let i = 0; i < n; i += 2) if (bytes[i] === 0 || bytes[i + 1] !== 0) return false;
  return true;
}

// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles).
// oxlint-disable-next-line no-control-regex -- matching escape characters is the point
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}
