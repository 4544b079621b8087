/*
 * The fake server's embedding vector of a text (tests/FakeServer/Endpoints/FakeVectors.cs), so a
 * C host can check every value it got back bit for bit: FNV-1a of the UTF-8 text seeds an
 * xorshift64 generator; value i is (unit * 2 - 1) * 0.08 as a float, unit in [0, 1).
 */
#ifndef LITELLM_TESTS_FAKE_VECTORS_H
#define LITELLM_TESTS_FAKE_VECTORS_H

#include <stdint.h>
#include <string.h>

static inline void fake_vector(const char *text, float *out, int dims)
{
    uint64_t state = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) state = (state ^ *p) * 1099511628211ULL;
    if (state == 0) state = 1;
    for (int i = 0; i < dims; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        double unit = (double)(state >> 11) * (1.0 / 9007199254740992.0);
        out[i] = (float)((unit * 2 - 1) * 0.08);
    }
}

static inline uint32_t float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

#endif
