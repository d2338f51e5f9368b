/** Bytes as people read them, in one form everywhere (exports, log health, the CLI): "512 bytes", "4.2 KiB", "412 MiB". */
export function byteSizeText(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes.toLocaleString('en-GB')} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
