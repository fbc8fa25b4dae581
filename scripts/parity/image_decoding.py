#!/usr/bin/env python3
"""Writes Tests/DatasetsTests/Fixtures/images/: small JPEG and PNG files cut from scikit-image's
sample photos, and the pixels Pillow decodes from each, for finetune's image-decoder parity test
(Tests/DatasetsTests/ImageDecoderTests.swift).

Reference (Pillow 13.0.0, its bundled libjpeg-turbo and zlib):
    ImageOps.exif_transpose(Image.open(f)).convert("RGB")
or .convert("L") for gray sources (JPEG gray; PNG gray with or without alpha, any bit depth),
whose pixels finetune returns with one channel. The raw bytes (row-major, interleaved, 8 bits)
go to reference/NAME.raw. Where finetune deliberately differs, NAME.raw holds what finetune
returns and reference/NAME.pillow.raw what Pillow returns (16-bit gray PNG: the high byte, where
Pillow clips to 255), or the manifest records that Pillow raises (malformed EXIF in a PNG, or in
a JPEG with a JFIF resolution: finetune keeps the image unrotated).

Sources: chelsea.png, coffee.png, astronaut.png, rocket.jpg, camera.png and coins.png from the
scikit-image 0.26.0 wheel (read from the wheel, whose SHA-256 is pinned below), cropped and
shrunk with Pillow's LANCZOS filter. Files are written by:
  - Pillow's JPEG encoder: baseline and progressive, 4:2:0/4:2:2/4:4:4, gray, CMYK (Adobe,
    inverted), RGB colour space (keep_rgb), restart intervals, optimized Huffman tables, EXIF;
  - a small baseline JPEG encoder here (`jpeg_baseline`), for what Pillow cannot write: YCCK,
    CMYK without an Adobe marker, h1v2 and h4v1 sampling, one scan per component, odd restart
    intervals;
  - a PNG writer here (`png_file`), for every colour type and bit depth, palettes with and
    without tRNS, Adam7, all five row filters, split IDAT chunks, ancillary chunks;
  - EXIF and XMP blocks built here, covering all eight orientations and the edge cases of
    Pillow's EXIF reader that finetune's ExifReader copies.
Every orientation the script means to exercise is asserted against what Pillow did, so the
fixtures also pin down Pillow's behaviour.

Made with (the command that wrote the committed fixtures):
    python3 -m pip download --no-deps scikit-image==0.26.0 -d /tmp/skimage
    PY=$(bash scripts/bench-venv.sh | tail -1)
    $PY scripts/parity/image_decoding.py \\
        /tmp/skimage/scikit_image-0.26.0-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl \\
        Tests/DatasetsTests/Fixtures/images
Deterministic: running it again writes the same bytes.
"""
import hashlib
import io
import json
import os
import shutil
import struct
import sys
import warnings
import zipfile
import zlib

import numpy as np
import PIL
from PIL import Image, ImageOps, features
from scipy.fft import dctn

warnings.filterwarnings("ignore")  # Pillow warns about the malformed EXIF the edge cases hold on purpose

WHEEL_SHA256 = "74aa5518ccea28121f57a95374581d3b979839adc25bb03f289b1bc9b99c58af"

# ---------------------------------------------------------------------------------------------
# Source photos


class Photos:
    def __init__(self, wheel):
        digest = hashlib.sha256(open(wheel, "rb").read()).hexdigest()
        if digest != WHEEL_SHA256:
            sys.exit(f"error: {wheel} has SHA-256 {digest}, expected {WHEEL_SHA256}")
        self.zip = zipfile.ZipFile(wheel)

    def crop(self, name, box, size, mode=None):
        """A piece of a sample photo: box (left, top, right, bottom), shrunk to size (w, h)."""
        im = Image.open(io.BytesIO(self.zip.read("skimage/data/" + name)))
        im.load()
        im = im.crop(box).resize(size, Image.Resampling.LANCZOS)
        return im.convert(mode) if mode else im


# ---------------------------------------------------------------------------------------------
# A small baseline JPEG encoder (ITU T.81, Annex K tables), for files Pillow cannot write.

ZIGZAG = np.array([
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27,
    20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58,
    59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63])
LUMA_Q = np.array([
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
    92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]).reshape(8, 8)
CHROMA_Q = np.array([
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
    47, 66, 99, 99, 99, 99, 99, 99] + [99] * 32).reshape(8, 8)
DC_LUMA = ([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], list(range(12)))
DC_CHROMA = ([0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], list(range(12)))
AC_LUMA = ([0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D], bytes.fromhex(
    "01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25"
    "262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a83"
    "8485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3"
    "d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa"))
AC_CHROMA = ([0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77], bytes.fromhex(
    "000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718"
    "191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a"
    "82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9ca"
    "d2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa"))


def huffman_codes(table):
    bits, values = table
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.buffer = 0
        self.count = 0

    def put(self, value, length):
        for i in range(length - 1, -1, -1):
            self.buffer = (self.buffer << 1) | ((value >> i) & 1)
            self.count += 1
            if self.count == 8:
                self.out.append(self.buffer)
                if self.buffer == 0xFF:
                    self.out.append(0)
                self.buffer = self.count = 0

    def flush(self):
        while self.count:
            self.put(1, 1)


def ceil_div(a, b):
    return -(-a // b)


def magnitude(v):
    size = int(abs(v)).bit_length()
    return size, (v if v >= 0 else v + (1 << size) - 1)


def segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_baseline(planes, sampling, ids=None, adobe=None, jfif=True, restart=0, interleaved=True, quality=85):
    """A baseline JPEG of full-resolution component planes (uint8 H×W each) with sampling
    factors [(h, v), ...]; Y-like first component uses the luma tables, the others chroma
    (a 4th component, K, uses luma again). adobe: the APP14 transform byte, or None."""
    height, width = planes[0].shape
    hmax = max(h for h, _ in sampling)
    vmax = max(v for _, v in sampling)
    scale = 5000 / quality if quality < 50 else 200 - 2 * quality
    tables = [np.clip((q * scale + 50) // 100, 1, 255).astype(int) for q in (LUMA_Q, CHROMA_Q)]
    which = [0 if i in (0, 3) else 1 for i in range(len(planes))]
    ids = ids or list(range(1, len(planes) + 1))
    mcux, mcuy = ceil_div(width, 8 * hmax), ceil_div(height, 8 * vmax)
    padded = []
    for plane, (h, v) in zip(planes, sampling):
        full = np.pad(plane.astype(float), ((0, mcuy * 8 * vmax - height), (0, mcux * 8 * hmax - width)), mode="edge")
        fy, fx = vmax // v, hmax // h
        padded.append(full.reshape(full.shape[0] // fy, fy, full.shape[1] // fx, fx).mean(axis=(1, 3)))
    codes = [(huffman_codes(DC_LUMA), huffman_codes(AC_LUMA)), (huffman_codes(DC_CHROMA), huffman_codes(AC_CHROMA))]

    def block(c, bx, by, writer, predictions):
        data = padded[c][by * 8:by * 8 + 8, bx * 8:bx * 8 + 8] - 128
        q = np.round(dctn(data, norm="ortho") / tables[which[c]]).astype(int).flatten()[ZIGZAG]
        dc, ac = codes[which[c]]
        diff = int(q[0]) - predictions[c]
        predictions[c] = int(q[0])
        size, bits = magnitude(diff)
        writer.put(*dc[size])
        writer.put(bits, size)
        run = 0
        for k in range(1, 64):
            if q[k] == 0:
                run += 1
                continue
            while run > 15:
                writer.put(*ac[0xF0])
                run -= 16
            size, bits = magnitude(int(q[k]))
            writer.put(*ac[(run << 4) | size])
            writer.put(bits, size)
            run = 0
        if run:
            writer.put(*ac[0x00])

    def scan(components, units):
        """units: list of [(component, bx, by), ...] per MCU."""
        writer, predictions = BitWriter(), [0] * len(planes)
        out = bytearray()
        for n, unit in enumerate(units):
            if restart and n and n % restart == 0:
                writer.flush()
                out += writer.out + bytes([0xFF, 0xD0 + (n // restart - 1) % 8])
                writer.out = bytearray()
                predictions = [0] * len(planes)
            for c, bx, by in unit:
                block(c, bx, by, writer, predictions)
        writer.flush()
        header = bytes([len(components)]) + b"".join(bytes([ids[c], (which[c] << 4) | which[c]]) for c in components)
        return segment(0xDA, header + bytes([0, 63, 0])) + bytes(out + writer.out)

    out = b"\xFF\xD8"
    if jfif:
        out += segment(0xE0, b"JFIF\0" + bytes([1, 1, 0]) + struct.pack(">HH", 1, 1) + b"\0\0")
    if adobe is not None:
        out += segment(0xEE, b"Adobe" + struct.pack(">HHHB", 100, 0, 0, adobe))
    for t, table in enumerate(tables):
        out += segment(0xDB, bytes([t]) + bytes(table.flatten()[ZIGZAG].tolist()))
    out += segment(0xC0, struct.pack(">BHHB", 8, height, width, len(planes)) + b"".join(
        bytes([ids[c], (h << 4) | v, which[c]]) for c, (h, v) in enumerate(sampling)))
    for cls, t, table in [(0, 0, DC_LUMA), (1, 0, AC_LUMA), (0, 1, DC_CHROMA), (1, 1, AC_CHROMA)]:
        out += segment(0xC4, bytes([(cls << 4) | t]) + bytes(table[0]) + bytes(table[1]))
    if restart:
        out += segment(0xDD, struct.pack(">H", restart))
    if interleaved:
        units = []
        for my in range(mcuy):
            for mx in range(mcux):
                units.append([(c, mx * h + x, my * v + y) for c, (h, v) in enumerate(sampling)
                              for y in range(v) for x in range(h)])
        out += scan(list(range(len(planes))), units)
    else:
        for c, (h, v) in enumerate(sampling):
            bw = ceil_div(ceil_div(width * h, hmax), 8)  # the component's own blocks, not whole MCUs
            bh = ceil_div(ceil_div(height * v, vmax), 8)
            out += scan([c], [[(c, bx, by)] for by in range(bh) for bx in range(bw)])
    return out + b"\xFF\xD9"


def ycbcr(rgb):
    r, g, b = (rgb[..., i].astype(float) for i in range(3))
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = -0.168736 * r - 0.331264 * g + 0.5 * b + 128
    cr = 0.5 * r - 0.418688 * g - 0.081312 * b + 128
    return [np.clip(np.round(p), 0, 255).astype(np.uint8) for p in (y, cb, cr)]


# ---------------------------------------------------------------------------------------------
# PNG writer


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pack_row(samples, depth):
    """One row of samples (flattened channels) as PNG bytes."""
    if depth == 16:
        return samples.astype(">u2").tobytes()
    if depth == 8:
        return samples.astype(np.uint8).tobytes()
    per = 8 // depth
    padded = np.concatenate([samples, np.zeros((-len(samples)) % per, dtype=samples.dtype)]).astype(int)
    out = bytearray()
    for i in range(0, len(padded), per):
        byte = 0
        for s in padded[i:i + per]:
            byte = (byte << depth) | int(s)
        out.append(byte)
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_rows(rows, bpp, first_filter):
    out, previous = bytearray(), bytes(len(rows[0])) if rows else b""
    for n, row in enumerate(rows):
        kind = (first_filter + n) % 5
        line = bytearray()
        for i, x in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
            line.append((x - predictor) & 0xFF)
        out += bytes([kind]) + line
        previous = row
    return bytes(out)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png_file(samples, depth, color_type, interlace=False, palette=None, trns=None, before=(), after=(), idat_pieces=1):
    """samples: H×W×C integers (palette indices for colour type 3)."""
    height, width, channels = samples.shape
    bpp = max(1, channels * depth // 8)
    if interlace:
        raw = b""
        for n, (x0, y0, dx, dy) in enumerate(ADAM7):
            sub = samples[y0::dy, x0::dx]
            if sub.shape[0] and sub.shape[1]:
                raw += filter_rows([pack_row(r.reshape(-1), depth) for r in sub], bpp, n)
    else:
        raw = filter_rows([pack_row(r.reshape(-1), depth) for r in samples], bpp, 0)
    compressed = zlib.compress(raw, 9)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, int(interlace)))
    for c in before:
        out += c
    if palette is not None:
        out += chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).reshape(-1).tolist()))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    step = -(-len(compressed) // idat_pieces)
    for i in range(0, len(compressed), step):
        out += chunk(b"IDAT", compressed[i:i + step])
    for c in after:
        out += c
    return out + chunk(b"IEND", b"")


# ---------------------------------------------------------------------------------------------
# EXIF and XMP

SHORT, LONG, RATIONAL, SBYTE, BYTE, SSHORT, FLOAT = 3, 4, 5, 6, 1, 8, 11


def tiff(entries, big_endian=False, header=None, ifd_count=None, cut=None):
    """A TIFF block: entries [(tag, type, count, value bytes)], values over 4 bytes placed after
    the directory. ifd_count overrides the entry count; cut keeps only the first `cut` bytes."""
    e = ">" if big_endian else "<"
    head = header if header is not None else (b"MM\0*" if big_endian else b"II*\0") + struct.pack(e + "I", 8)
    directory_size = 2 + 12 * len(entries) + 4
    data_at = 8 + directory_size
    directory, extra = struct.pack(e + "H", len(entries) if ifd_count is None else ifd_count), b""
    for tag, kind, count, value in entries:
        if len(value) > 4:
            field = struct.pack(e + "I", data_at + len(extra))
            extra += value
        else:
            field = value.ljust(4, b"\0")
        directory += struct.pack(e + "HHI", tag, kind, count) + field
    block = head + directory + struct.pack(e + "I", 0) + extra
    return block[:cut] if cut is not None else block


def orientation_entry(value, kind=SHORT, count=1, big_endian=False):
    e = ">" if big_endian else "<"
    fmt = {SHORT: "H", LONG: "I", SBYTE: "b", BYTE: "B", SSHORT: "h", FLOAT: "f"}
    if kind == RATIONAL:
        packed = struct.pack(e + "II", *value)
    else:
        values = value if isinstance(value, tuple) else (value,)
        packed = struct.pack(e + fmt[kind] * len(values), *values)
    return (0x0112, kind, count, packed)


def app1_exif(block):
    return segment(0xE1, b"Exif\0\0" + block)


def app1_xmp(text):
    return segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + text.encode())


def xmp_packet(orientation, element=False):
    field = (f"<tiff:Orientation>{orientation}</tiff:Orientation>" if element
             else f'tiff:Orientation="{orientation}"')
    return ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f'<rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" {"" if element else field}>'
            f'{field if element else ""}</rdf:Description></rdf:RDF></x:xmpmeta>')


def with_segments(jpeg, segments):
    """The JPEG with `segments` inserted after SOI and the JFIF APP0 segment, if any."""
    at = 2
    if jpeg[2:4] == b"\xFF\xE0":
        at = 4 + struct.unpack(">H", jpeg[4:6])[0]
    return jpeg[:at] + b"".join(segments) + jpeg[at:]


# ---------------------------------------------------------------------------------------------
# Fixtures


def jpeg_bytes(im, **options):
    out = io.BytesIO()
    im.save(out, "JPEG", **options)
    return out.getvalue()


def png_pillow(im, **options):
    out = io.BytesIO()
    im.save(out, "PNG", **options)
    return out.getvalue()


def fixtures(photos):
    """(name, file bytes, extension, gray source?, expected orientation, note) for every fixture."""
    cat = photos.crop("chelsea.png", (140, 40, 330, 160), (63, 40))
    cat_small = photos.crop("chelsea.png", (170, 60, 290, 140), (25, 17))
    coffee = photos.crop("coffee.png", (150, 60, 450, 264), (25, 17))
    coffee_mid = photos.crop("coffee.png", (120, 40, 480, 310), (48, 33))
    face = photos.crop("astronaut.png", (150, 40, 330, 160), (33, 21))
    rocket = photos.crop("rocket.jpg", (200, 40, 440, 208), (80, 56))
    rocket_mid = photos.crop("rocket.jpg", (250, 60, 410, 170), (48, 33))
    camera = photos.crop("camera.png", (180, 60, 330, 162), (25, 17), "L")
    camera_mid = photos.crop("camera.png", (150, 40, 402, 200), (63, 40), "L")
    coins = photos.crop("coins.png", (20, 20, 220, 156), (25, 17), "L")
    tall = photos.crop("chelsea.png", (200, 40, 280, 160), (17, 25))
    tiny = photos.crop("astronaut.png", (200, 100, 206, 109), (2, 3))
    dot = photos.crop("chelsea.png", (240, 100, 250, 110), (1, 1))
    gray_dot = photos.crop("camera.png", (240, 100, 250, 110), (1, 1), "L")
    small = photos.crop("chelsea.png", (180, 70, 250, 120), (7, 5))
    out = []

    def add(name, data, ext, gray, orientation=1, note=""):
        out.append((name, data, ext, gray, orientation, note))

    # JPEG, written by Pillow
    add("jpeg_baseline_420_63x40", jpeg_bytes(cat, quality=90, subsampling=2), "jpg", False, note="baseline, 4:2:0")
    add("jpeg_baseline_422_25x17", jpeg_bytes(coffee, quality=85, subsampling=1), "jpg", False, note="baseline, 4:2:2")
    add("jpeg_baseline_444_33x21", jpeg_bytes(face, quality=95, subsampling=0), "jpg", False, note="baseline, 4:4:4")
    add("jpeg_progressive_420_80x56", jpeg_bytes(rocket, quality=80, subsampling=2, progressive=True), "jpg", False,
        note="progressive, 4:2:0, several MCU rows")
    add("jpeg_progressive_444_25x17", jpeg_bytes(cat_small, quality=90, subsampling=0, progressive=True), "jpg", False,
        note="progressive, 4:4:4")
    add("jpeg_progressive_422_48x33", jpeg_bytes(coffee_mid, quality=70, subsampling=1, progressive=True, optimize=True), "jpg", False,
        note="progressive, 4:2:2, optimized tables")
    add("jpeg_gray_25x17", jpeg_bytes(camera, quality=90), "jpg", True, note="gray, baseline")
    add("jpeg_gray_progressive_63x40", jpeg_bytes(camera_mid, quality=85, progressive=True), "jpg", True, note="gray, progressive")
    add("jpeg_rgb_1x1", jpeg_bytes(dot, quality=90, subsampling=2), "jpg", False, note="1×1, 4:2:0")
    add("jpeg_gray_1x1", jpeg_bytes(gray_dot, quality=90), "jpg", True, note="1×1 gray")
    add("jpeg_tiny_2x3", jpeg_bytes(tiny, quality=90, subsampling=2), "jpg", False, note="smaller than one MCU")
    add("jpeg_portrait_17x25", jpeg_bytes(tall, quality=88, subsampling=2), "jpg", False, note="odd size, portrait")
    add("jpeg_restart_blocks_48x33", jpeg_bytes(rocket_mid, quality=85, subsampling=2, restart_marker_blocks=1), "jpg", False,
        note="a restart marker after every MCU")
    add("jpeg_restart_rows_progressive_63x40", jpeg_bytes(cat, quality=75, subsampling=2, progressive=True, restart_marker_rows=1),
        "jpg", False, note="progressive with a restart marker every MCU row")
    add("jpeg_optimized_25x17", jpeg_bytes(coffee, quality=60, subsampling=2, optimize=True), "jpg", False, note="optimized Huffman tables")
    add("jpeg_cmyk_adobe_25x17", jpeg_bytes(coffee.convert("CMYK"), quality=90), "jpg", False,
        note="CMYK, Adobe APP14 transform 0 (inverted, as Pillow writes it)")
    add("jpeg_rgb_colorspace_25x17", jpeg_bytes(cat_small, quality=90, keep_rgb=True), "jpg", False,
        note="RGB colour space (Adobe transform 0), no YCbCr")
    add("jpeg_baseline_q100_25x17", jpeg_bytes(face.resize((25, 17)), quality=100, subsampling=2), "jpg", False, note="quality 100")

    # JPEG, written by the encoder above
    rgb = np.asarray(coffee)
    y, cb, cr = ycbcr(rgb)
    cmyk = 255 - rgb  # Adobe stores CMYK inverted: the bytes are 255 - ink
    k = np.asarray(camera)
    add("jpeg_ycck_adobe_25x17", jpeg_baseline(ycbcr(255 - cmyk) + [k], [(2, 2), (1, 1), (1, 1), (2, 2)], adobe=2, jfif=False),
        "jpg", False, note="YCCK (Adobe transform 2), luma and K at 2x2")
    add("jpeg_cmyk_no_adobe_25x17", jpeg_baseline([cmyk[..., 0], cmyk[..., 1], cmyk[..., 2], k], [(1, 1)] * 4, jfif=False),
        "jpg", False, note="four components without an Adobe marker (libjpeg: CMYK; Pillow still inverts)")
    add("jpeg_h1v2_25x17", jpeg_baseline([y, cb, cr], [(1, 2), (1, 1), (1, 1)]), "jpg", False, note="chroma halved vertically only")
    face_rgb = np.asarray(face)
    add("jpeg_h4v1_33x21", jpeg_baseline(ycbcr(face_rgb), [(4, 1), (1, 1), (1, 1)]), "jpg", False, note="4:1:1 sampling")
    add("jpeg_noninterleaved_25x17", jpeg_baseline([y, cb, cr], [(2, 2), (1, 1), (1, 1)], interleaved=False), "jpg", False,
        note="baseline with one scan per component")
    add("jpeg_restart_3_33x21", jpeg_baseline(ycbcr(face_rgb), [(2, 2), (1, 1), (1, 1)], restart=3), "jpg", False,
        note="restart interval of 3 MCUs")

    # EXIF orientations, Pillow's writer
    for n in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = n
        add(f"jpeg_orientation_{n}_25x17", jpeg_bytes(cat_small, quality=90, exif=exif.tobytes()), "jpg", False, n,
            note=f"EXIF orientation {n}")

    # EXIF and XMP edge cases on a 7×5 JPEG
    base = jpeg_bytes(small, quality=90)
    base_dpi = jpeg_bytes(small, quality=90, dpi=(72, 72))
    full = tiff([orientation_entry(6)])
    edge = [
        ("exif_long_6", [app1_exif(tiff([orientation_entry(6, LONG)]))], 6, "orientation stored as LONG"),
        ("exif_byte_6_with_xmp_8", [app1_exif(tiff([orientation_entry(6, BYTE)])), app1_xmp(xmp_packet(8))], 1,
         "orientation stored as BYTE: Pillow holds bytes, which match nothing, and the tag still hides XMP"),
        ("exif_two_values_3_6", [app1_exif(tiff([orientation_entry((3, 6), SHORT, 2)]))], 3, "two values: the first counts"),
        ("exif_repeated_tag_8_6", [app1_exif(tiff([orientation_entry(8), orientation_entry(6)]))], 8, "a repeated tag: the first counts"),
        ("exif_bad_header_with_xmp_6", [app1_exif(b"XX\0*\x08\0\0\0" + tiff([orientation_entry(6)])[8:]), app1_xmp(xmp_packet(6))], 1,
         "not a TIFF header: EXIF and XMP ignored"),
        ("xmp_attribute_6", [app1_xmp(xmp_packet(6))], 6, "XMP only, attribute form"),
        ("xmp_element_3", [app1_xmp(xmp_packet(3, element=True))], 3, "XMP only, element form"),
        ("exif_cut_directory_with_xmp_5", [app1_exif(tiff([(0x010F, 2, 4, b"abc\0"), orientation_entry(6)], cut=8 + 2 + 12 + 6)),
                                           app1_xmp(xmp_packet(5))], 5, "the directory is cut before the tag: XMP decides"),
        ("exif_rational_12_2", [app1_exif(tiff([orientation_entry((12, 2), RATIONAL)]))], 6, "a RATIONAL 12/2 equals 6"),
        ("exif_split_segments_6", [app1_exif(full[:13]), app1_exif(full[13:])], 6, "two Exif segments joined, as Pillow joins them"),
        ("exif_double_prefix_7", [segment(0xE1, b"Exif\0\0Exif\0\0" + tiff([orientation_entry(7)]))], 7, "Exif\\0\\0 twice"),
        ("exif_value_9_with_xmp_6", [app1_exif(tiff([orientation_entry(9)])), app1_xmp(xmp_packet(6))], 1,
         "value 9: nothing, and XMP is not consulted"),
        ("exif_unreadable_offset_then_tag", [app1_exif(tiff([(0x010F, 2, 20, struct.pack("<I", 5000)), orientation_entry(6)]))], 1,
         "an out-of-line value past the end stops the directory before the tag"),
        ("exif_oversized_value_then_tag_6", [app1_exif(tiff([(0x010F, 2, 400, struct.pack("<I", 8)), orientation_entry(6)]))], 6,
         "a value larger than the whole block is skipped; the tag after it counts"),
        ("exif_sshort_6", [app1_exif(tiff([orientation_entry(6, SSHORT)]))], 6, "orientation as SSHORT"),
        ("exif_float_6", [app1_exif(tiff([orientation_entry(6.0, FLOAT)]))], 6, "orientation as FLOAT 6.0"),
        ("exif_big_endian_8", [app1_exif(tiff([orientation_entry(8, big_endian=True)], big_endian=True))], 8, "big-endian TIFF"),
        ("exif_unknown_type_then_tag_5", [app1_exif(tiff([(0x0112, 99, 1, b"\6\0"), orientation_entry(5)]))], 5,
         "an entry of an unknown type is skipped; the next one with the tag counts"),
    ]
    for name, segments, orientation, note in edge:
        add(f"jpeg_{name}_7x5", with_segments(base, segments), "jpg", False, orientation, note)
    add("jpeg_exif_bad_header_dpi_7x5", with_segments(base_dpi, [app1_exif(b"XX\0*\x08\0\0\0" + full[8:])]), "jpg", False, 1,
        "not a TIFF header, with a JFIF resolution: Pillow's exif_transpose raises; finetune keeps the image unrotated")

    # PNG, written by the writer above
    cat_rgb = np.asarray(cat_small).astype(int)
    cat_big = np.asarray(cat).astype(int)
    gray = np.asarray(camera).astype(int)[..., None]
    gray_big = np.asarray(camera_mid).astype(int)[..., None]
    detail = np.asarray(coins).astype(int)[..., None]
    alpha = detail
    add("png_gray1_25x17", png_file(gray // 128, 1, 0), "png", True, note="gray, 1 bit")
    add("png_gray2_25x17", png_file(gray // 64, 2, 0), "png", True, note="gray, 2 bits")
    add("png_gray4_25x17", png_file(gray // 16, 4, 0), "png", True, note="gray, 4 bits")
    add("png_gray8_63x40", png_file(gray_big, 8, 0), "png", True, note="gray, 8 bits")
    add("png_gray16_25x17", png_file(gray * 256 + detail, 16, 0), "png", True,
        note="gray, 16 bits: finetune keeps the high byte, Pillow clips to 255")
    add("png_gray_alpha8_25x17", png_file(np.concatenate([gray, alpha], axis=2), 8, 4), "png", True, note="gray + alpha, 8 bits")
    add("png_gray_alpha16_25x17", png_file(np.concatenate([gray * 256 + detail, alpha * 257], axis=2), 16, 4), "png", True,
        note="gray + alpha, 16 bits (Pillow: RGBA from LA;16B)")
    add("png_rgb8_63x40", png_file(cat_big, 8, 2), "png", False, note="RGB, 8 bits")
    add("png_rgb16_25x17", png_file(cat_rgb * 257 + detail, 16, 2), "png", False, note="RGB, 16 bits")
    add("png_rgba8_25x17", png_file(np.concatenate([cat_rgb, alpha], axis=2), 8, 6), "png", False, note="RGBA, 8 bits")
    add("png_rgba16_25x17", png_file(np.concatenate([cat_rgb * 256 + detail, alpha * 257], axis=2), 16, 6), "png", False,
        note="RGBA, 16 bits")
    for depth in (1, 2, 4, 8):
        colours = 1 << depth
        source = cat if depth == 8 else cat_small
        quantized = source.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        indices = np.asarray(quantized).astype(int)[..., None]
        entries = quantized.getpalette()[:3 * colours]
        palette = np.asarray(entries + [0] * (3 * colours - len(entries))).reshape(-1, 3)
        size = f"{source.width}x{source.height}"
        add(f"png_palette{depth}_{size}", png_file(indices, depth, 3, palette=palette), "png", False, note=f"palette, {depth} bits")
        if depth in (4, 8):
            trns = bytes([0]) + bytes([255] * (colours - 1)) if depth == 4 else bytes((i * 37) % 256 for i in range(colours // 2))
            add(f"png_palette{depth}_trns_{size}", png_file(indices, depth, 3, palette=palette, trns=trns), "png", False,
                note=f"palette, {depth} bits, tRNS (ignored)")
    palette4 = cat_small.quantize(colors=16, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    add("png_adam7_rgb8_25x17", png_file(cat_rgb, 8, 2, interlace=True), "png", False, note="Adam7, RGB")
    add("png_adam7_gray1_25x17", png_file(gray // 128, 1, 0, interlace=True), "png", True, note="Adam7, gray 1 bit")
    add("png_adam7_palette4_25x17", png_file(np.asarray(palette4).astype(int)[..., None], 4, 3, interlace=True,
                                             palette=np.asarray(palette4.getpalette()[:48]).reshape(-1, 3)), "png", False,
        note="Adam7, palette 4 bits")
    add("png_adam7_rgba16_25x17", png_file(np.concatenate([cat_rgb * 256 + detail, alpha * 257], axis=2), 16, 6, interlace=True),
        "png", False, note="Adam7, RGBA 16 bits")
    add("png_adam7_rgb_1x1", png_file(np.asarray(dot).astype(int), 8, 2, interlace=True), "png", False, note="Adam7, 1×1")
    add("png_adam7_gray_3x2", png_file(np.asarray(tiny.convert("L").transpose(Image.Transpose.TRANSPOSE)).astype(int)[..., None], 8, 0,
                                       interlace=True), "png", True, note="Adam7, 3×2: empty passes")
    add("png_rgb_1x1", png_file(np.asarray(dot).astype(int), 8, 2), "png", False, note="1×1")
    add("png_gray8_trns_25x17", png_file(gray, 8, 0, trns=struct.pack(">H", int(gray[0, 0, 0]))), "png", True,
        note="gray with tRNS (ignored)")
    add("png_rgb8_trns_25x17", png_file(cat_rgb, 8, 2, trns=struct.pack(">HHH", *cat_rgb[0, 0])), "png", False,
        note="RGB with tRNS (ignored)")
    ancillary = [chunk(b"gAMA", struct.pack(">I", 45455)), chunk(b"pHYs", struct.pack(">IIB", 2835, 2835, 1)),
                 chunk(b"tEXt", b"Comment\0made from scikit-image's chelsea.png"),
                 chunk(b"zTXt", b"Software\0\0" + zlib.compress(b"scripts/parity/image_decoding.py")),
                 chunk(b"sRGB", b"\0"), chunk(b"prVt", b"a private ancillary chunk")]
    add("png_split_idat_ancillary_63x40", png_file(cat_big, 8, 2, before=ancillary, after=[chunk(b"tIME", bytes(7))], idat_pieces=7),
        "png", False, note="seven IDAT chunks, ancillary chunks before and after")
    add("png_pillow_optimized_33x21", png_pillow(face, optimize=True), "png", False, note="written by Pillow (optimize=True)")

    # PNG orientation metadata
    small_rgb = np.asarray(small).astype(int)
    small_png = lambda before=(), after=(): png_file(small_rgb, 8, 2, before=before, after=after)
    exif6 = tiff([orientation_entry(6)])
    raw_profile = b"\nexif\n" + f"{len(exif6) + 6:8d}".encode() + b"\n" + (b"Exif\0\0" + exif6).hex().encode() + b"\n"
    itxt = lambda key, text, compressed=False: chunk(b"iTXt", key + b"\0" + bytes([int(compressed), 0]) + b"\0\0" +
                                                     (zlib.compress(text) if compressed else text))
    png_edge = [
        ("exif_before_idat_6", small_png(before=[chunk(b"eXIf", exif6)]), 6, "eXIf before IDAT"),
        ("exif_after_idat_3", small_png(after=[chunk(b"eXIf", tiff([orientation_entry(3)]))]), 3, "eXIf after IDAT"),
        ("xmp_itxt_8", small_png(before=[itxt(b"XML:com.adobe.xmp", xmp_packet(8).encode())]), 8, "XMP in iTXt"),
        ("xmp_itxt_compressed_7", small_png(after=[itxt(b"XML:com.adobe.xmp", xmp_packet(7).encode(), compressed=True)]), 7,
         "XMP in a compressed iTXt after IDAT"),
        ("raw_profile_ztxt_5", small_png(before=[chunk(b"zTXt", b"Raw profile type exif\0\0" + zlib.compress(
            b"\nexif\n" + f"{len(exif6) + 6:8d}".encode() + b"\n" + (b"Exif\0\0" + tiff([orientation_entry(5)])).hex().encode() + b"\n"))]),
         5, "ImageMagick's hex EXIF in zTXt"),
        ("raw_profile_text_6", small_png(before=[chunk(b"tEXt", b"Raw profile type exif\0" + raw_profile)]), 6, "hex EXIF in tEXt"),
        ("text_exif_2", small_png(before=[chunk(b"tEXt", b"exif\0" + tiff([orientation_entry(2)]))]), 2, "a tEXt chunk keyed exif"),
        ("exif_wins_over_raw_profile_4", small_png(before=[chunk(b"tEXt", b"Raw profile type exif\0" + raw_profile)],
                                                   after=[chunk(b"eXIf", tiff([orientation_entry(4)]))]), 4,
         "eXIf wins over a raw profile, wherever it is"),
        ("exif_bad_header", small_png(before=[chunk(b"eXIf", b"XX\0*\x08\0\0\0" + exif6[8:])]), 1,
         "not a TIFF header: Pillow's exif_transpose raises; finetune keeps the image unrotated"),
    ]
    for name, data, orientation, note in png_edge:
        add(f"png_{name}_7x5", data, "png", False, orientation, note)
    return out


TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
             5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
             8: Image.Transpose.ROTATE_90}


def reference(data, gray, orientation):
    """(finetune's expected pixels, Pillow's pixels or None when equal, what Pillow raised or None)."""
    mode = "L" if gray else "RGB"
    opened = Image.open(io.BytesIO(data))
    opened.load()
    upright = opened.transpose(TRANSPOSE[orientation]) if orientation != 1 else opened
    try:
        pillow = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert(mode)
    except Exception as error:  # noqa: BLE001 - recorded in the manifest
        if orientation != 1:
            raise
        return upright.convert(mode).tobytes(), None, f"{type(error).__name__}: {error}"
    if pillow.tobytes() != upright.convert(mode).tobytes() or pillow.size != upright.size:
        raise AssertionError(f"Pillow did not apply orientation {orientation}")
    if opened.mode == "I;16":  # 16-bit gray: the high byte, where Pillow clips
        expected = (np.asarray(upright).astype(np.uint16) >> 8).astype(np.uint8).tobytes()
        return expected, pillow.tobytes(), None
    return pillow.tobytes(), None, None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    wheel, folder = sys.argv[1], sys.argv[2]
    if PIL.__version__ != "13.0.0":
        sys.exit(f"error: Pillow {PIL.__version__}; the references are Pillow 13.0.0's (scripts/bench-venv.sh)")
    photos = Photos(wheel)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "reference"))
    entries = []
    for name, data, ext, gray, orientation, note in fixtures(photos):
        file = f"{name}.{ext}"
        with open(os.path.join(folder, file), "wb") as f:
            f.write(data)
        expected, pillow, raised = reference(data, gray, orientation)
        im = Image.open(io.BytesIO(data))
        size = im.size if orientation < 5 else im.size[::-1]
        channels = 1 if gray else 3
        assert len(expected) == size[0] * size[1] * channels, name
        with open(os.path.join(folder, "reference", f"{name}.raw"), "wb") as f:
            f.write(expected)
        entry = {"name": name, "file": file, "width": size[0], "height": size[1], "channels": channels,
                 "orientation": orientation, "sha256": hashlib.sha256(expected).hexdigest(), "note": note}
        if pillow is not None:
            with open(os.path.join(folder, "reference", f"{name}.pillow.raw"), "wb") as f:
                f.write(pillow)
            a, b = np.frombuffer(expected, np.uint8), np.frombuffer(pillow, np.uint8)
            entry["pillow"] = {"differs": int((a != b).sum()), "max_difference": int(np.abs(a.astype(int) - b).max()),
                               "reference": f"{name}.pillow.raw"}
        if raised is not None:
            entry["pillow"] = {"raises": raised}
        entries.append(entry)
    manifest = {
        "generator": "scripts/parity/image_decoding.py",
        "reference": 'ImageOps.exif_transpose(Image.open(f)).convert("RGB" or "L")',
        "pillow": PIL.__version__,
        "libjpeg_turbo": features.version("libjpeg_turbo"),
        "zlib": features.version("zlib"),
        "fixtures": entries,
    }
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(root, n)) for root, _, names in os.walk(folder) for n in names)
    print(f"{len(entries)} fixtures, {total:,} bytes in {folder}")


if __name__ == "__main__":
    main()
