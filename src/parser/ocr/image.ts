/**
 * Grey page images for OCR: decode (PNG, JPEG, TIFF, or the pixels pdfjs hands out for a PDF image),
 * resize, crop and deskew. Pure JavaScript on plain arrays: no native image library to install, and
 * every step can be read and tested on a few numbers.
 */
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { createRequire } from "node:module";

/** One byte per pixel, 0 = black, 255 = white, rows top-down. */
export interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Largest image read (pixels): a 600 dpi A3 scan is ~70 Mpx; anything larger is not a page. */
const MAX_PIXELS = 80e6;

export class ImageError extends Error {}

/** RGB(A)/grey pixels → grey (ITU-R 601 luma). `channels`: 1, 3 or 4 bytes a pixel. */
export function toGray(width: number, height: number, data: Uint8Array | Uint8ClampedArray, channels: number): Gray {
  if (width * height > MAX_PIXELS) throw new ImageError(`the image is ${width}×${height} pixels: too large for a page`);
  const out = new Uint8Array(width * height);
  if (channels === 1) {
    out.set(data.subarray(0, out.length));
    return { width, height, data: out };
  }
  for (let i = 0, j = 0; i < out.length; i++, j += channels) {
    let v = (data[j] * 299 + data[j + 1] * 587 + data[j + 2] * 114) / 1000;
    if (channels === 4) {
      const a = data[j + 3] / 255;
      v = v * a + 255 * (1 - a);
    }
    out[i] = v;
  }
  return { width, height, data: out };
}

/** 1 bit a pixel, rows padded to bytes, 1 = white unless `blackIs1` (PDF image masks and CCITT-like data). */
export function fromBits(width: number, height: number, data: Uint8Array, blackIs1 = false): Gray {
  const out = new Uint8Array(width * height);
  const stride = (width + 7) >> 3;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = (data[y * stride + (x >> 3)] >> (7 - (x & 7))) & 1;
      out[y * width + x] = (bit === 1) !== blackIs1 ? 255 : 0;
    }
  }
  return { width, height, data: out };
}

type Utif = {
  decode(b: ArrayBuffer): { width: number; height: number }[];
  decodeImage(b: ArrayBuffer, ifd: unknown): void;
  toRGBA8(ifd: unknown): Uint8Array;
};

/** An image file's bytes → grey page. Throws ImageError with the reason when it cannot be read. */
export function decodeImage(bytes: Uint8Array, kind: "png" | "jpeg" | "tiff"): Gray {
  try {
    if (kind === "png") {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
      return toGray(png.width, png.height, png.data, 4);
    }
    if (kind === "jpeg") {
      const img = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxMemoryUsageInMB: 1024,
        maxResolutionInMP: MAX_PIXELS / 1e6,
      });
      return toGray(img.width, img.height, img.data, 4);
    }
    const UTIF = createRequire(import.meta.url)("utif") as Utif;
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    const ifds = UTIF.decode(buf);
    if (!ifds.length) throw new ImageError("the TIFF file holds no image");
    UTIF.decodeImage(buf, ifds[0]);
    const { width, height } = ifds[0];
    if (!(width > 0 && height > 0)) throw new ImageError("the TIFF image has no size");
    return toGray(width, height, UTIF.toRGBA8(ifds[0]), 4);
  } catch (e) {
    if (e instanceof ImageError) throw e;
    throw new ImageError(`the ${kind.toUpperCase()} image could not be decoded: ${(e as Error)?.message ?? e}`);
  }
}

/** Bilinear resize. */
export function resize(img: Gray, width: number, height: number): Gray {
  const out = new Uint8Array(width * height);
  const sx = img.width / width,
    sy = img.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.min(img.height - 1, Math.floor(fy)),
      y1 = Math.min(img.height - 1, y0 + 1),
      wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.min(img.width - 1, Math.floor(fx)),
        x1 = Math.min(img.width - 1, x0 + 1),
        wx = fx - x0;
      const a = img.data[y0 * img.width + x0],
        b = img.data[y0 * img.width + x1];
      const c = img.data[y1 * img.width + x0],
        d = img.data[y1 * img.width + x1];
      out[y * width + x] = (a * (1 - wx) + b * wx) * (1 - wy) + (c * (1 - wx) + d * wx) * wy;
    }
  }
  return { width, height, data: out };
}

/** A rectangle of the image (clamped to it), white outside. */
export function crop(img: Gray, x0: number, y0: number, x1: number, y1: number): Gray {
  const w = Math.max(1, Math.round(x1 - x0)),
    h = Math.max(1, Math.round(y1 - y0));
  const ox = Math.round(x0),
    oy = Math.round(y0);
  const out = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < h; y++) {
    const sy = oy + y;
    if (sy < 0 || sy >= img.height) continue;
    for (let x = 0; x < w; x++) {
      const sx = ox + x;
      if (sx >= 0 && sx < img.width) out[y * w + x] = img.data[sy * img.width + sx];
    }
  }
  return { width: w, height: h, data: out };
}

/** Rotate by `deg` (positive = anticlockwise on screen) about the centre, same size, white fill. */
export function rotate(img: Gray, deg: number): Gray {
  const { width: w, height: h } = img;
  const out = new Uint8Array(w * h).fill(255);
  const a = (deg * Math.PI) / 180,
    cos = Math.cos(a),
    sin = Math.sin(a);
  const cx = w / 2,
    cy = h / 2;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      // source of (x, y): rotate back by -deg (y grows downward, so anticlockwise on screen is -a in math terms)
      const sx = cx + dx * cos - dy * sin,
        sy = cy + dx * sin + dy * cos;
      const x0 = Math.floor(sx),
        y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) continue;
      const fx = sx - x0,
        fy = sy - y0,
        i = y0 * w + x0;
      const top = img.data[i] * (1 - fx) + img.data[i + 1] * fx;
      const bot = img.data[i + w] * (1 - fx) + img.data[i + w + 1] * fx;
      out[y * w + x] = top * (1 - fy) + bot * fy;
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * The skew of the text lines in degrees (the angle to pass to rotate() to make them level), from the
 * angle whose row profile of dark pixels is sharpest: level lines of text and table rules give tall,
 * narrow peaks. Searched within ±3°, to 0.05°.
 */
export function estimateSkew(img: Gray): number {
  const step = Math.max(1, Math.round(img.width / 1000));
  const xs: number[] = [],
    ys: number[] = [];
  for (let y = 0; y < img.height; y += step) {
    for (let x = 0; x < img.width; x += step) {
      if (img.data[y * img.width + x] < 128) {
        xs.push(x - img.width / 2);
        ys.push(y);
      }
    }
  }
  if (xs.length < 200) return 0;
  const score = (deg: number) => {
    const t = Math.tan((deg * Math.PI) / 180);
    const bins = new Float64Array(Math.ceil(img.height / step) + Math.ceil((img.width * 0.06) / step) + 4);
    const off = Math.ceil((img.width * 0.03) / step) + 2;
    for (let i = 0; i < xs.length; i++) bins[Math.round((ys[i] + xs[i] * t) / step) + off]++;
    let s = 0;
    for (let i = 1; i < bins.length; i++) {
      const d = bins[i] - bins[i - 1];
      s += d * d;
    }
    return s;
  };
  let best = 0,
    bestScore = score(0);
  for (let d = -3; d <= 3.0001; d += 0.25) {
    const s = score(d);
    if (s > bestScore) {
      bestScore = s;
      best = d;
    }
  }
  const coarse = best;
  for (let d = coarse - 0.25; d <= coarse + 0.25001; d += 0.05) {
    const s = score(d);
    if (s > bestScore) {
      bestScore = s;
      best = d;
    }
  }
  // lines with y + x·tan(best) level run down to the right by -tan(best): rotate() takes the slope's angle
  return Math.round(-best * 100) / 100 || 0;
}

/** Share of dark pixels: a blank page (or an all-black one) has nothing to read. */
export function inkShare(img: Gray): number {
  let dark = 0;
  const step = Math.max(1, Math.floor(img.data.length / 200_000));
  let n = 0;
  for (let i = 0; i < img.data.length; i += step, n++) if (img.data[i] < 128) dark++;
  return n ? dark / n : 0;
}

/**
 * Calls `run(line, start, end)` for every maximal run of pixels darker than `dark` along each row
 * (`line` = y) or each column (`line` = x), [start, end) along it — the one scan that rule removal and
 * the pipe finder (pipes.ts) both make.
 */
export function darkRuns(
  img: Gray,
  along: "row" | "column",
  dark: number,
  run: (line: number, start: number, end: number) => void,
): void {
  const { width: w, height: h, data } = img;
  const [lines, len, lineStep, step] = along === "row" ? [h, w, w, 1] : [w, h, 1, w];
  for (let l = 0; l < lines; l++) {
    let start = -1;
    for (let k = 0; k <= len; k++) {
      const isDark = k < len && data[l * lineStep + k * step]! < dark;
      if (isDark && start < 0) start = k;
      if (!isDark && start >= 0) {
        run(l, start, k);
        start = -1;
      }
    }
  }
}

/**
 * Ruled table lines whitened out (a copy). A recogniser reads a rule beside a digit as 1, | or -, and
 * a rule through a box joins cells. A rule is a straight run of dark pixels far longer than any stroke
 * of a character: at least `minRun` pixels (default 4% of the page width, ~2.5 em of body text)
 * along a row or a column. Its fringe (blur, JPEG) goes with it.
 */
export function removeRules(img: Gray, minRun = Math.max(40, Math.round(img.width * 0.04))): Gray {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(data);
  const DARK = 160,
    FRINGE = 215;
  const erase = (i: number) => {
    out[i] = 255;
  };
  darkRuns(img, "row", DARK, (y, start, end) => {
    if (end - start < minRun) return;
    for (let k = start; k < end; k++) {
      erase(y * w + k);
      for (const dy of [-2, -1, 1, 2]) {
        const yy = y + dy;
        if (yy >= 0 && yy < h && data[yy * w + k]! < FRINGE) erase(yy * w + k);
      }
    }
  });
  darkRuns(img, "column", DARK, (x, start, end) => {
    if (end - start < minRun) return;
    for (let k = start; k < end; k++) {
      erase(k * w + x);
      for (const dx of [-2, -1, 1, 2]) {
        const xx = x + dx;
        if (xx >= 0 && xx < w && data[k * w + xx]! < FRINGE) erase(k * w + xx);
      }
    }
  });
  return { width: w, height: h, data: out };
}
