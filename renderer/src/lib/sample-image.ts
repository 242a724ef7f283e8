/**
 * The sample image "Test on a sample image" sends (Settings → Actions): a small made-up screen
 * with a heading, a paragraph, a table and a terminal error, so every kind of action (explain,
 * translate, extract, debug, turn into CSV) has something to work on. Drawn here rather than
 * shipped as a file: the page may not fetch anything (CSP connect-src), and a drawing needs no
 * asset pipeline in either the app or web mode. It holds nothing personal.
 */

export const SAMPLE_IMAGE_NAME = 'glimpse-sample.png';

const WIDTH = 800;
const HEIGHT = 500;

/** Draws the sample screen on a canvas and returns it as PNG bytes. */
export async function sampleImage(): Promise<Uint8Array<ArrayBuffer>> {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('This page cannot draw the sample image (no 2D canvas).');
  const font = (size: number, weight = 400, mono = false): string =>
    `${weight} ${size}px ${mono ? 'ui-monospace, "DejaVu Sans Mono", monospace' : 'system-ui, "DejaVu Sans", sans-serif'}`;

  // A window: title bar, then a document on the left and a terminal below.
  g.fillStyle = '#f4f5f7';
  g.fillRect(0, 0, WIDTH, HEIGHT);
  g.fillStyle = '#e2e5ea';
  g.fillRect(0, 0, WIDTH, 32);
  for (const [i, colour] of ['#ff5f57', '#febc2e', '#28c840'].entries()) {
    g.fillStyle = colour;
    g.beginPath();
    g.arc(18 + i * 20, 16, 6, 0, Math.PI * 2);
    g.fill();
  }
  g.fillStyle = '#444';
  g.font = font(13, 500);
  g.fillText('Quarterly report — draft', 90, 21);

  g.fillStyle = '#1f2328';
  g.font = font(22, 700);
  g.fillText('Sales by region', 32, 72);
  g.font = font(14);
  g.fillStyle = '#333';
  g.fillText('Revenue grew in every region except the North, where two stores closed.', 32, 100);

  // The table.
  const rows = [
    ['Region', 'Q1', 'Q2', 'Change'],
    ['North', '120 400', '112 900', '−6.2 %'],
    ['South', '98 100', '104 300', '+6.3 %'],
    ['East', '143 700', '151 200', '+5.2 %'],
    ['West', '87 500', '95 800', '+9.5 %'],
  ];
  const columns = [32, 200, 320, 440];
  rows.forEach((row, r) => {
    const y = 140 + r * 28;
    if (r === 0) {
      g.fillStyle = '#e8ebf0';
      g.fillRect(24, y - 19, 500, 28);
    }
    g.fillStyle = '#1f2328';
    g.font = font(14, r === 0 ? 600 : 400);
    row.forEach((cell, c) => g.fillText(cell, columns[c]!, y));
    g.strokeStyle = '#d6d9de';
    g.beginPath();
    g.moveTo(24, y + 9);
    g.lineTo(524, y + 9);
    g.stroke();
  });

  // The terminal with an error.
  g.fillStyle = '#1e1f24';
  g.fillRect(24, 310, WIDTH - 48, 166);
  g.font = font(13, 400, true);
  const lines: [string, string][] = [
    ['#9aa0a6', '$ npm run build'],
    ['#d7dae0', '> report@1.4.0 build'],
    ['#d7dae0', '> tsc -p . && node scripts/render.js'],
    ['#ff7b72', "src/table.ts:42:17 - error TS2339: Property 'total' does not exist on type 'Row'."],
    ['#d7dae0', '42     return rows.map((row) => row.total);'],
    ['#ff7b72', '                                    ~~~~~'],
    ['#9aa0a6', 'Found 1 error in src/table.ts:42'],
  ];
  lines.forEach(([colour, text], i) => {
    g.fillStyle = colour;
    g.fillText(text, 40, 336 + i * 20);
  });

  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('This page could not encode the sample image.');
  return new Uint8Array(await blob.arrayBuffer());
}
