/*
 * image_codecs.h — JPEG and PNG decoding over Debian's libjpeg-turbo and libpng, for the
 * Datasets module (Sources/Datasets/Images). Nothing else in finetune calls it.
 *
 * Conventions
 *  - Stateless: every call takes the whole file in memory (data, size), reads it, and keeps
 *    nothing. The library never exits and never prints: libjpeg's error_exit and libpng's error
 *    function longjmp back into the call, which returns an error status.
 *  - Two steps, so the caller's pixel limit is checked before anything large is allocated:
 *      1. ic_*_read_header fills an ic_header (width, height, channels of the decoded pixels);
 *      2. the caller checks width * height against its limit, allocates
 *         width * height * channels bytes, and calls ic_*_decode, which reads the header again,
 *         checks that it still matches `expected`, and writes the pixels: row-major, interleaved,
 *         8 bits per channel. The caller owns that buffer; this library frees everything it
 *         allocates itself before returning, on success and on error.
 *  - Every function returns IC_OK (0) or another ic_status; on error it writes a one-line message
 *    (NUL-terminated, cut to message_capacity) into `message`, e.g.
 *    "truncated JPEG (premature end of data)" or "PNG: CRC error in chunk IDAT". The caller adds
 *    the file's path.
 *  - What is decoded matches Pillow's Image.open(f).convert("RGB") (or .convert("L") for gray
 *    sources); each decoder's file says where and why it differs.
 */
#ifndef FINETUNE_IMAGE_CODECS_H
#define FINETUNE_IMAGE_CODECS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum ic_status {
    IC_OK = 0,
    /* The data ends before the image does. */
    IC_TRUNCATED = 1,
    /* The data is not a valid image of this format (bad structure, corrupt data, bad CRC). */
    IC_DAMAGED = 2,
    /* Valid, but a variant that is not read (12-bit or lossless JPEG, 2-component JPEG). */
    IC_UNSUPPORTED = 3,
    /* The library could not allocate its working memory. */
    IC_OUT_OF_MEMORY = 4,
    /* ic_*_decode: the header differs from `expected`, or pixels_size is not
       width * height * channels (a caller bug, not a property of the file). */
    IC_MISMATCH = 5,
};

typedef struct ic_header {
    uint32_t width;
    uint32_t height;
    /* Channels of the decoded pixels: 1 for gray sources (JPEG gray; PNG gray with or without
       alpha, any bit depth), 3 for everything else (alpha is dropped, CMYK converted). */
    uint32_t channels;
} ic_header;

/* JPEG (baseline, extended, progressive; gray, YCbCr/RGB, CMYK/YCCK). */
int ic_jpeg_read_header(const uint8_t *data, size_t size, ic_header *header,
                        char *message, size_t message_capacity);
int ic_jpeg_decode(const uint8_t *data, size_t size, const ic_header *expected,
                   uint8_t *pixels, size_t pixels_size, char *message, size_t message_capacity);

/* PNG (every colour type and bit depth, Adam7 interlaced or not). */
int ic_png_read_header(const uint8_t *data, size_t size, ic_header *header,
                       char *message, size_t message_capacity);
int ic_png_decode(const uint8_t *data, size_t size, const ic_header *expected,
                  uint8_t *pixels, size_t pixels_size, char *message, size_t message_capacity);

/* Inflates one zlib stream (the compressed text of PNG zTXt and iTXt chunks, where EXIF and XMP
   metadata can live) into `out`. Writes the decompressed length to *written. IC_OK only when the
   stream ends within `capacity` bytes; IC_DAMAGED when it is corrupt, does not end, or needs
   more than `capacity` bytes. */
int ic_inflate(const uint8_t *data, size_t size, uint8_t *out, size_t capacity, size_t *written,
               char *message, size_t message_capacity);

#ifdef __cplusplus
}
#endif

#endif
