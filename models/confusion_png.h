/* Confusion matrix as a PNG heat map (libpng): rows are the true class,
 * columns the predicted class, each cell shaded by its share of the row and
 * labelled with its count. */
#ifndef CONFUSION_PNG_H
#define CONFUSION_PNG_H

#include <stddef.h>

#include "lf_net.h"

/* Writes atomically. 0, or -1 with "<path>: <problem>" in err. */
int confusion_png(const char *path, const long counts[LF_CLASSES][LF_CLASSES],
                  char *err, size_t errlen);

#endif
