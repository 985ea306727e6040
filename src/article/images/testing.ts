// Test photos made by sharp itself: no downloads, and metadata we control.
import sharp from 'sharp';
import { crc32 } from 'node:zlib';

/** A JPEG with camera-like EXIF: GPS position, owner, description, and optionally an EXIF orientation. */
export async function photoWithGps(width: number, height: number, orientation?: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3a6' } })
    .withExif({
      IFD0: { Copyright: 'Geheim Fotograf', ImageDescription: 'Treffpunkt Quelle', Artist: 'Quelle X' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '13/1 24/1 0/1' },
    })
    .withMetadata(orientation ? { orientation } : {})
    .jpeg()
    .toBuffer();
}

/** Left half red, right half blue: a crop shows which side it kept. */
export async function redBlue(width: number, height: number): Promise<Buffer> {
  const half = Math.floor(width / 2);
  const red = await sharp({ create: { width: half, height, channels: 3, background: '#f00' } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#00f' } })
    .composite([{ input: red, left: 0, top: 0 }])
    .png()
    .toBuffer();
}

/** A 1×1 PNG whose header claims width×height: the classic decompression bomb, a few dozen bytes. */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  // IHDR is the first chunk: length (4) type (4) at offset 8, width and height at 16 and 20, its CRC after 13 bytes.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

export async function animatedWebp(): Promise<Buffer> {
  const frame = (background: string) =>
    sharp({ create: { width: 16, height: 16, channels: 3, background } })
      .png()
      .toBuffer();
  return sharp([await frame('#f00'), await frame('#00f')], { join: { animated: true } })
    .webp()
    .toBuffer();
}
