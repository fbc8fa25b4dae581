/*
 * jpeg_decode.c — JPEG through libjpeg-turbo, the library Pillow itself wraps, set up the way
 * Pillow 13's JpegDecode.c sets it up, so the pixels are Pillow's:
 *  - libjpeg's defaults everywhere Pillow keeps them: the colour space libjpeg infers from the
 *    JFIF/Adobe markers and component ids, JDCT_ISLOW, fancy upsampling, block smoothing;
 *  - 1 component → gray; 3 → RGB (from YCbCr or RGB); 4 → CMYK (libjpeg converts YCCK to CMYK),
 *    read as Pillow's "CMYK;I" (Pillow assumes Adobe's inverted CMYK for every CMYK JPEG), then
 *    Pillow's cmyk2rgb: each of R, G, B = nk - round(c * nk / 255) with nk = 255 - k.
 *
 * Errors never exit: error_exit longjmps back into the call. Warnings, which Pillow ignores all of
 * (its decoder silences them), are split by whether pixels were lost:
 *  - fatal here: "Premature end of JPEG file" (the file is truncated; Pillow raises "image file is
 *    truncated" too, as it runs out of data), and the corrupt-data warnings where libjpeg
 *    invents pixels — a marker inside entropy-coded data (it fills the rest of the scan with
 *    zeros), a bad Huffman or arithmetic code, a missing restart marker (it skips ahead). Pillow
 *    returns those images with grey or smeared blocks; a training set should not silently
 *    contain them, so finetune refuses them and names the damage;
 *  - ignored, as Pillow does, because the pixels are intact: extraneous bytes between markers, an
 *    unknown Adobe transform or JFIF version, a bad ICC marker, odd SOS parameters of a
 *    sequential file, an inconsistent progression sequence (libjpeg's result is still defined,
 *    and equal to Pillow's).
 * A progressive file may have at most IC_JPEG_MAX_SCANS scans: a crafted file can repeat scans to
 * make decoding take very long (the issue behind nvImageCodec's scan limit, default 256; encoders
 * write about 10).
 */
#include "image_codecs.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#define IC_JPEG_MAX_SCANS 256

typedef struct jpeg_context {
    struct jpeg_error_mgr error; /* first: libjpeg hands back cinfo->err, cast to the context */
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    int status;
    char *message;
    size_t capacity;
    /* The CMYK row buffer; volatile because it is set after setjmp and freed after longjmp. */
    JSAMPLE *volatile row;
} jpeg_context;

_Noreturn static void fail(j_common_ptr cinfo, int status, const char *text) {
    jpeg_context *context = (jpeg_context *)cinfo->err;
    context->status = status;
    if (context->capacity > 0) snprintf(context->message, context->capacity, "%s", text);
    longjmp(context->jump, 1);
}

/* "Corrupt JPEG data: bad Huffman code" → "corrupt JPEG data (bad Huffman code)". */
_Noreturn static void fail_with_library_message(j_common_ptr cinfo, int status) {
    char text[JMSG_LENGTH_MAX];
    char line[JMSG_LENGTH_MAX + 64];
    (*cinfo->err->format_message)(cinfo, text);
    const char *corrupt = "Corrupt JPEG data: ";
    if (strncmp(text, corrupt, strlen(corrupt)) == 0) {
        snprintf(line, sizeof line, "corrupt JPEG data (%s)", text + strlen(corrupt));
    } else {
        snprintf(line, sizeof line, "JPEG: %s", text);
    }
    fail(cinfo, status, line);
}

static void on_error(j_common_ptr cinfo) {
    switch (cinfo->err->msg_code) {
    case JERR_OUT_OF_MEMORY:
        fail_with_library_message(cinfo, IC_OUT_OF_MEMORY);
        break;
    case JERR_BAD_PRECISION:
    case JERR_SOF_UNSUPPORTED:
    case JERR_ARITH_NOTIMPL:
    case JERR_NOT_COMPILED:
    case JERR_CCIR601_NOTIMPL:
        fail_with_library_message(cinfo, IC_UNSUPPORTED);
        break;
    default:
        fail_with_library_message(cinfo, IC_DAMAGED);
    }
}

/* msg_level -1 is a warning; 0 and above are trace messages, which are dropped. */
static void on_message(j_common_ptr cinfo, int msg_level) {
    if (msg_level >= 0) return;
    switch (cinfo->err->msg_code) {
    case JWRN_JPEG_EOF:
        fail(cinfo, IC_TRUNCATED, "truncated JPEG (premature end of data)");
        break;
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_MUST_RESYNC:
        fail_with_library_message(cinfo, IC_DAMAGED);
        break;
    default:
        cinfo->err->num_warnings++;
    }
}

static void on_output(j_common_ptr cinfo) { (void)cinfo; }

static void on_progress(j_common_ptr cinfo) {
    j_decompress_ptr decompress = (j_decompress_ptr)cinfo;
    if (decompress->input_scan_number > IC_JPEG_MAX_SCANS) {
        char line[96];
        snprintf(line, sizeof line, "JPEG: more than %d progressive scans", IC_JPEG_MAX_SCANS);
        fail(cinfo, IC_DAMAGED, line);
    }
}

static void prepare(j_decompress_ptr cinfo, jpeg_context *context, char *message, size_t capacity) {
    memset(cinfo, 0, sizeof *cinfo);
    memset(context, 0, sizeof *context);
    context->status = IC_DAMAGED;
    context->message = message;
    context->capacity = message != NULL ? capacity : 0;
    if (context->capacity > 0) message[0] = 0;
    cinfo->err = jpeg_std_error(&context->error);
    context->error.error_exit = on_error;
    context->error.emit_message = on_message;
    context->error.output_message = on_output;
    context->progress.progress_monitor = on_progress;
}

/* After jpeg_create_decompress: reads the header and chooses the output colour space. */
static void read_header(j_decompress_ptr cinfo, const uint8_t *data, size_t size, ic_header *header) {
    cinfo->progress = &((jpeg_context *)cinfo->err)->progress;
    jpeg_mem_src(cinfo, data, (unsigned long)size);
    jpeg_read_header(cinfo, TRUE);
    switch (cinfo->num_components) {
    case 1:
        cinfo->out_color_space = JCS_GRAYSCALE;
        header->channels = 1;
        break;
    case 3:
        cinfo->out_color_space = JCS_RGB;
        header->channels = 3;
        break;
    case 4:
        cinfo->out_color_space = JCS_CMYK;
        header->channels = 3;
        break;
    default: {
        char line[128];
        snprintf(line, sizeof line, "JPEG with %d components (only 1, 3 or 4 are read: gray, colour, CMYK)",
                 cinfo->num_components);
        fail((j_common_ptr)cinfo, IC_UNSUPPORTED, line);
    }
    }
    header->width = cinfo->image_width;
    header->height = cinfo->image_height;
}

int ic_jpeg_read_header(const uint8_t *data, size_t size, ic_header *header,
                        char *message, size_t message_capacity) {
    struct jpeg_decompress_struct cinfo;
    jpeg_context context;
    prepare(&cinfo, &context, message, message_capacity);
    if (setjmp(context.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return context.status;
    }
    jpeg_create_decompress(&cinfo);
    read_header(&cinfo, data, size, header);
    jpeg_destroy_decompress(&cinfo);
    return IC_OK;
}

/* Pillow's "CMYK;I" (each byte inverted) followed by its cmyk2rgb: with c and k inverted,
   nk = 255 - k is libjpeg's own k byte, and each channel is nk - round(c * nk / 255). */
static void inverted_cmyk_to_rgb(const JSAMPLE *in, uint8_t *out, uint32_t width) {
    for (uint32_t x = 0; x < width; x++, in += 4, out += 3) {
        int nk = in[3];
        for (int channel = 0; channel < 3; channel++) {
            int ink = 255 - in[channel];
            int product = ink * nk + 128; /* (p + (p >> 8)) >> 8 rounds ink * nk / 255 exactly */
            out[channel] = (uint8_t)(nk - ((product + (product >> 8)) >> 8));
        }
    }
}

int ic_jpeg_decode(const uint8_t *data, size_t size, const ic_header *expected,
                   uint8_t *pixels, size_t pixels_size, char *message, size_t message_capacity) {
    struct jpeg_decompress_struct cinfo;
    jpeg_context context;
    prepare(&cinfo, &context, message, message_capacity);
    if (setjmp(context.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(context.row);
        return context.status;
    }
    jpeg_create_decompress(&cinfo);
    ic_header header;
    read_header(&cinfo, data, size, &header);
    size_t stride = (size_t)header.width * header.channels;
    if (header.width != expected->width || header.height != expected->height ||
        header.channels != expected->channels || pixels_size != stride * header.height) {
        fail((j_common_ptr)&cinfo, IC_MISMATCH, "JPEG: the header differs from the one read before, or the buffer has the wrong size");
    }
    jpeg_start_decompress(&cinfo);
    if (cinfo.output_width != header.width || cinfo.output_height != header.height ||
        cinfo.output_components != (cinfo.out_color_space == JCS_CMYK ? 4 : (int)header.channels)) {
        fail((j_common_ptr)&cinfo, IC_DAMAGED, "JPEG: the decoder's output differs from its header");
    }
    if (cinfo.out_color_space == JCS_CMYK) {
        context.row = malloc((size_t)header.width * 4);
        if (context.row == NULL) fail((j_common_ptr)&cinfo, IC_OUT_OF_MEMORY, "JPEG: out of memory for a CMYK row");
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        uint8_t *out = pixels + (size_t)cinfo.output_scanline * stride;
        JSAMPROW row = context.row != NULL ? context.row : out;
        if (jpeg_read_scanlines(&cinfo, &row, 1) != 1) {
            fail((j_common_ptr)&cinfo, IC_DAMAGED, "JPEG: the decoder stopped before the last row");
        }
        if (context.row != NULL) inverted_cmyk_to_rgb(context.row, out, header.width);
    }
    /* Reads up to the end-of-image marker: a file cut just before it is truncated too (Pillow
       agrees: it raises "image file is truncated"). */
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(context.row);
    return IC_OK;
}
