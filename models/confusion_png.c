/* Heat-map picture of a confusion matrix, with a 3x5 pixel font for labels. */
#include "confusion_png.h"

#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL 56
#define MARGIN 56
#define SIZE (MARGIN + LF_CLASSES * CELL + 12)
#define GLYPH_SCALE 2
#define ADVANCE (4 * GLYPH_SCALE)

typedef struct {
    uint8_t px[SIZE][SIZE][3];
} canvas;

/* Rows of a 3x5 glyph, bit 2 is the left column. */
static const struct {
    char c;
    uint8_t rows[5];
} font[] = {
    { '0', { 7, 5, 5, 5, 7 } }, { '1', { 2, 6, 2, 2, 7 } },
    { '2', { 7, 1, 7, 4, 7 } }, { '3', { 7, 1, 7, 1, 7 } },
    { '4', { 5, 5, 7, 1, 1 } }, { '5', { 7, 4, 7, 1, 7 } },
    { '6', { 7, 4, 7, 5, 7 } }, { '7', { 7, 1, 1, 1, 1 } },
    { '8', { 7, 5, 7, 5, 7 } }, { '9', { 7, 5, 7, 1, 7 } },
    { 'T', { 7, 2, 2, 2, 2 } }, { 'R', { 6, 5, 6, 5, 5 } },
    { 'U', { 5, 5, 5, 5, 7 } }, { 'E', { 7, 4, 6, 4, 7 } },
    { 'P', { 6, 5, 6, 4, 4 } }, { 'D', { 6, 5, 5, 5, 6 } },
    { 'I', { 7, 2, 2, 2, 7 } }, { 'C', { 7, 4, 4, 4, 7 } },
};

static void fill(canvas *cv, int x0, int y0, int w, int h, const uint8_t rgb[3])
{
    for (int y = y0; y < y0 + h && y < SIZE; y++)
        for (int x = x0; x < x0 + w && x < SIZE; x++)
            memcpy(cv->px[y][x], rgb, 3);
}

static void text(canvas *cv, int x, int y, const char *s, const uint8_t rgb[3])
{
    for (; *s; s++, x += ADVANCE) {
        for (size_t g = 0; g < sizeof font / sizeof font[0]; g++) {
            if (font[g].c != *s)
                continue;
            for (int r = 0; r < 5; r++)
                for (int c = 0; c < 3; c++)
                    if (font[g].rows[r] >> (2 - c) & 1)
                        fill(cv, x + c * GLYPH_SCALE, y + r * GLYPH_SCALE,
                             GLYPH_SCALE, GLYPH_SCALE, rgb);
        }
    }
}

static int text_width(const char *s)
{
    return (int)strlen(s) * ADVANCE - GLYPH_SCALE;
}

/* White for 0, dark blue for 1; the square root makes rare confusions show. */
static void shade(double frac, uint8_t rgb[3])
{
    static const double lo[3] = { 255, 255, 255 }, hi[3] = { 8, 48, 107 };
    double t = sqrt(frac < 0 ? 0 : frac > 1 ? 1 : frac);
    for (int i = 0; i < 3; i++)
        rgb[i] = (uint8_t)lround(lo[i] + (hi[i] - lo[i]) * t);
}

static void draw(canvas *cv, const long counts[LF_CLASSES][LF_CLASSES])
{
    static const uint8_t white[3] = { 255, 255, 255 }, black[3] = { 0, 0, 0 };
    static const uint8_t grid[3] = { 200, 200, 200 };
    fill(cv, 0, 0, SIZE, SIZE, white);
    text(cv, MARGIN + (LF_CLASSES * CELL - text_width("PREDICTED")) / 2, 8,
         "PREDICTED", black);
    for (int i = 0; i < 4; i++) { /* "TRUE" stacked down the left side */
        char ch[2] = { "TRUE"[i], 0 };
        text(cv, 8, MARGIN + LF_CLASSES * CELL / 2 - 24 + i * 14, ch, black);
    }
    for (int t = 0; t < LF_CLASSES; t++) {
        char label[4];
        snprintf(label, sizeof label, "%d", t);
        text(cv, MARGIN + t * CELL + (CELL - text_width(label)) / 2, 32, label, black);
        text(cv, 32, MARGIN + t * CELL + (CELL - 10) / 2, label, black);
        long row = 0;
        for (int p = 0; p < LF_CLASSES; p++)
            row += counts[t][p];
        for (int p = 0; p < LF_CLASSES; p++) {
            double frac = row ? (double)counts[t][p] / (double)row : 0;
            uint8_t rgb[3];
            shade(frac, rgb);
            int x = MARGIN + p * CELL, y = MARGIN + t * CELL;
            fill(cv, x, y, CELL, CELL, grid);
            fill(cv, x + 1, y + 1, CELL - 1, CELL - 1, rgb);
            char num[24];
            snprintf(num, sizeof num, "%ld", counts[t][p]);
            text(cv, x + (CELL - text_width(num)) / 2, y + (CELL - 10) / 2, num,
                 frac > 0.3 ? white : black);
        }
    }
}

static int write_png(FILE *f, canvas *cv)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, SIZE, SIZE, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < SIZE; y++)
        png_write_row(png, &cv->px[y][0][0]);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return 0;
}

int confusion_png(const char *path, const long counts[LF_CLASSES][LF_CLASSES],
                  char *err, size_t errlen)
{
    canvas *cv = malloc(sizeof *cv);
    char tmp[4096];
    if (!cv || snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        free(cv);
        snprintf(err, errlen, "%s: out of memory or path too long", path);
        return -1;
    }
    draw(cv, counts);
    FILE *f = fopen(tmp, "wb");
    int bad = !f || write_png(f, cv) != 0;
    if (f)
        bad |= fclose(f) != 0;
    free(cv);
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        snprintf(err, errlen, "%s: cannot write PNG", path);
        return -1;
    }
    return 0;
}
