/* Argmax over int8 scores; the strict comparison keeps the lowest index on ties. */
#include "ref.h"

int ref_argmax(const int8_t *v, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (v[i] > v[best])
            best = i;
    return best;
}
