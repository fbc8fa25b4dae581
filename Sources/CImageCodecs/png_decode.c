/*
 * png_decode.c — PNG through libpng 1.6, with the pixels of Pillow 13's PngImagePlugin followed
 * by .convert("RGB") (or .convert("L") for gray sources):
 *  - gray 1/2/4-bit scaled to 0...255 (Pillow's "1", "L;2", "L;4": 0/255, ×85, ×17);
 *  - 16-bit samples keep their high byte (Pillow's "RGB;16B", "RGBA;16B", "LA;16B" do the same).
 *    One deliberate difference: 16-bit gray, which Pillow opens as "I;16" and whose
 *    convert("L") clips every value above 255 to 255 (a 16-bit photo turns white); the high byte
 *    here keeps the picture (see ImageDecoder's documentation and the parity test);
 *  - palette entries looked up (tRNS ignored), alpha dropped without compositing, as
 *    convert("RGB") and convert("L") do; no gamma, sBIT or colour profile applied (Pillow applies
 *    none).
 * Stricter than Pillow where the file is damaged: every CRC is checked (Pillow checks only the
 * chunks before the first IDAT), the file must reach IEND (Pillow accepts a PNG cut after its
 * image data), and an unknown critical chunk is refused (Pillow skips it). Benign errors —
 * problems in ancillary chunks, extra data after the image — stay warnings and are ignored, as
 * Pillow ignores them.
 * Limits: libpng's own width/height limits (1,000,000) are raised to the format's 2^31 - 1 so the
 * caller's pixel limit governs; one ancillary chunk may take at most IC_PNG_CHUNK_MAX bytes
 * (also after decompression: zTXt, iCCP) and at most IC_PNG_CACHED_CHUNKS text/unknown chunks
 * are kept.
 */
#include "image_codecs.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <zlib.h>

#define IC_PNG_CHUNK_MAX 8000000
#define IC_PNG_CACHED_CHUNKS 1000
#define IC_PNG_MAX_DIMENSION 0x7fffffff

typedef struct png_context {
    const uint8_t *data;
    size_t size;
    size_t offset;
    int status;
    char *message;
    size_t capacity;
    /* libpng's last warning: png_check_IHDR warns what is wrong, then fails with "Invalid IHDR data". */
    char warning[128];
} png_context;

static void write_message(png_context *context, const char *text) {
    if (context->capacity > 0) snprintf(context->message, context->capacity, "%s", text);
}

/* libpng's message, made a sentence: "IDAT: CRC error" → "PNG: CRC error in chunk IDAT". */
static void on_error(png_structp png, png_const_charp text) {
    png_context *context = png_get_error_ptr(png);
    if (context->status == IC_OK) { /* not already described by on_read */
        char line[256];
        const char *crc = ": CRC error";
        size_t length = strlen(text);
        if (length == 4 + strlen(crc) && strcmp(text + 4, crc) == 0) {
            snprintf(line, sizeof line, "PNG: CRC error in chunk %.4s", text);
        } else if (strcmp(text, "Invalid IHDR data") == 0 && context->warning[0] != 0) {
            snprintf(line, sizeof line, "PNG: invalid IHDR (%s)", context->warning);
        } else {
            snprintf(line, sizeof line, "PNG: %s", text);
        }
        context->status = strstr(text, "ut of memory") != NULL ? IC_OUT_OF_MEMORY : IC_DAMAGED;
        write_message(context, line);
    }
    png_longjmp(png, 1);
}

/* Warnings (benign errors included) are not errors: kept only to explain a following error. */
static void on_warning(png_structp png, png_const_charp text) {
    png_context *context = png_get_error_ptr(png);
    snprintf(context->warning, sizeof context->warning, "%s", text);
}

_Noreturn static void fail_truncated(png_structp png, png_context *context, const uint8_t *chunk_type) {
    char line[128];
    if (chunk_type != NULL) {
        char name[5] = {(char)chunk_type[0], (char)chunk_type[1], (char)chunk_type[2], (char)chunk_type[3], 0};
        for (int i = 0; i < 4; i++) {
            if (name[i] < 0x20 || name[i] > 0x7e) name[i] = '?';
        }
        snprintf(line, sizeof line, "truncated PNG (premature end of data in chunk %s)", name);
    } else {
        snprintf(line, sizeof line, "truncated PNG (premature end of data)");
    }
    context->status = IC_TRUNCATED;
    write_message(context, line);
    png_error(png, "truncated");
}

/* Reads from memory. A chunk whose length runs past the end of the file is truncated, and is
   refused as soon as its header is read: libpng would otherwise allocate (and zero) a buffer of
   the claimed length for an ancillary chunk, up to 2 GB for a file of a few hundred bytes, before
   finding the data missing. */
static void on_read(png_structp png, png_bytep out, size_t length) {
    png_context *context = png_get_io_ptr(png);
    size_t remaining = context->size - context->offset;
    png_uint_32 where = png_get_io_state(png) & PNG_IO_MASK_LOC;
    if (length > remaining) {
        uint8_t type[4];
        png_uint_32 current = png_get_io_chunk_type(png);
        for (int i = 0; i < 4; i++) type[i] = (uint8_t)(current >> (24 - 8 * i));
        fail_truncated(png, context, where == PNG_IO_CHUNK_DATA || where == PNG_IO_CHUNK_CRC ? type : NULL);
    }
    const uint8_t *from = context->data + context->offset;
    if (where == PNG_IO_CHUNK_HDR && length == 8) {
        size_t claimed = (size_t)from[0] << 24 | (size_t)from[1] << 16 | (size_t)from[2] << 8 | from[3];
        if (claimed + 4 > remaining - 8) fail_truncated(png, context, from + 4);
    }
    memcpy(out, from, length);
    context->offset += length;
}

static png_structp create(png_context *context, const uint8_t *data, size_t size,
                          char *message, size_t capacity) {
    memset(context, 0, sizeof *context);
    context->data = data;
    context->size = size;
    context->status = IC_OK;
    context->message = message;
    context->capacity = message != NULL ? capacity : 0;
    if (context->capacity > 0) message[0] = 0;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, context, on_error, on_warning);
    if (png == NULL) {
        context->status = IC_OUT_OF_MEMORY;
        write_message(context, "PNG: out of memory");
    }
    return png;
}

/* After setjmp: limits, then everything up to the first IDAT. */
static void read_header(png_structp png, png_infop info, png_context *context, ic_header *header) {
    png_set_read_fn(png, context, on_read);
    png_set_user_limits(png, IC_PNG_MAX_DIMENSION, IC_PNG_MAX_DIMENSION);
    png_set_chunk_malloc_max(png, IC_PNG_CHUNK_MAX);
    png_set_chunk_cache_max(png, IC_PNG_CACHED_CHUNKS);
    png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
    png_set_benign_errors(png, 1);
    /* zlib's largest window whatever the stream's header claims, as Pillow's zlib decoder uses. */
    png_set_option(png, PNG_MAXIMUM_INFLATE_WINDOW, PNG_OPTION_ON);
    png_read_info(png, info);
    int color_type = png_get_color_type(png, info);
    header->width = png_get_image_width(png, info);
    header->height = png_get_image_height(png, info);
    header->channels = (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) ? 1 : 3;
}

int ic_png_read_header(const uint8_t *data, size_t size, ic_header *header,
                       char *message, size_t message_capacity) {
    png_context context;
    png_structp png = create(&context, data, size, message, message_capacity);
    if (png == NULL) return context.status;
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        write_message(&context, "PNG: out of memory");
        return IC_OUT_OF_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return context.status;
    }
    read_header(png, info, &context, header);
    png_destroy_read_struct(&png, &info, NULL);
    return IC_OK;
}

_Noreturn static void fail(png_structp png, png_context *context, int status, const char *text) {
    context->status = status;
    write_message(context, text);
    png_longjmp(png, 1);
}

int ic_png_decode(const uint8_t *data, size_t size, const ic_header *expected,
                  uint8_t *pixels, size_t pixels_size, char *message, size_t message_capacity) {
    png_context context;
    png_structp png = create(&context, data, size, message, message_capacity);
    if (png == NULL) return context.status;
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        write_message(&context, "PNG: out of memory");
        return IC_OUT_OF_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return context.status;
    }
    ic_header header;
    read_header(png, info, &context, &header);
    size_t stride = (size_t)header.width * header.channels;
    if (header.width != expected->width || header.height != expected->height ||
        header.channels != expected->channels || pixels_size != stride * header.height) {
        fail(png, &context, IC_MISMATCH, "PNG: the header differs from the one read before, or the buffer has the wrong size");
    }
    int bit_depth = png_get_bit_depth(png, info);
    int color_type = png_get_color_type(png, info);
    if (bit_depth == 16) png_set_strip_16(png); /* the high byte */
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    /* Drops alpha channels, and with them the alpha palette expansion would make from tRNS. */
    png_set_strip_alpha(png);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_bit_depth(png, info) != 8 || png_get_channels(png, info) != header.channels ||
        png_get_rowbytes(png, info) != stride) {
        fail(png, &context, IC_DAMAGED, "PNG: the decoder's rows differ from its header");
    }
    /* What png_read_image does, without its array of row pointers: each pass visits every row,
       and libpng writes the pixels of that pass into it. */
    for (int pass = 0; pass < passes; pass++) {
        for (uint32_t y = 0; y < header.height; y++) {
            png_read_row(png, pixels + (size_t)y * stride, NULL);
        }
    }
    /* The chunks after the image: their CRCs, and the IEND a complete file ends with. */
    png_read_end(png, info);
    png_destroy_read_struct(&png, &info, NULL);
    return IC_OK;
}

int ic_inflate(const uint8_t *data, size_t size, uint8_t *out, size_t capacity, size_t *written,
               char *message, size_t message_capacity) {
    char *text = message_capacity > 0 ? message : NULL;
    *written = 0;
    if (text != NULL) text[0] = 0;
    if (size > UINT32_MAX || capacity > UINT32_MAX) {
        if (text != NULL) snprintf(text, message_capacity, "zlib: more than 4 GB");
        return IC_DAMAGED;
    }
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (inflateInit(&stream) != Z_OK) {
        if (text != NULL) snprintf(text, message_capacity, "zlib: out of memory");
        return IC_OUT_OF_MEMORY;
    }
    stream.next_in = (Bytef *)data;
    stream.avail_in = (uInt)size;
    stream.next_out = out;
    stream.avail_out = (uInt)capacity;
    int result = inflate(&stream, Z_FINISH);
    *written = stream.total_out;
    int status = IC_OK;
    if (result == Z_STREAM_END) {
        status = IC_OK;
    } else if (result == Z_BUF_ERROR && stream.avail_out == 0) {
        status = IC_DAMAGED;
        if (text != NULL) snprintf(text, message_capacity, "zlib: more than %zu bytes", capacity);
    } else if (result == Z_BUF_ERROR) {
        status = IC_TRUNCATED;
        if (text != NULL) snprintf(text, message_capacity, "zlib: the stream ends early");
    } else {
        status = IC_DAMAGED;
        if (text != NULL) snprintf(text, message_capacity, "zlib: %s", stream.msg != NULL ? stream.msg : "corrupt stream");
    }
    inflateEnd(&stream);
    return status;
}
