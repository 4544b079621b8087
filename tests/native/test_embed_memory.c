/*
 * The memory an embeddings call needs, as a host sees it: the peak resident set of this
 * process (VmHWM) across one litellm_embed of N inputs with vectors of D floats, minus the
 * peak before it, set against the answer's own sizes: the vectors as floats (N * D * 4 bytes),
 * the base64 answer on the wire, and the document the host gets back. The answer must be whole
 * and exact: every value of the first and the last vector is checked bit for bit against the
 * fake server's (fake_vectors.h), and the document holds N vectors of D numbers.
 *
 * Usage: test_embed_memory BASE_URL KIND N D MAX_RATIO
 *   KIND: embed         litellm_embed
 *         embed_async   litellm_embed_async
 * The bound MAX_RATIO is on the growth over the document's size (the largest of the three,
 * and what the call must produce). The vectors are checked where the document lies (in
 * on_done for the asynchronous call): a copy would count against the library. One call per
 * process: the high-water mark is per process.
 * Prints "ok"/"FAILED" with the growth in MiB and as a multiple of each size.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litellm.h"
#include "fake_vectors.h"
#include "host_util.h"

static long peak_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL) return -1;
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmHWM:", 6) == 0) kib = strtol(line + 6, NULL, 10);
    }
    fclose(f);
    return kib;
}

/* The text of input i: short, distinct, as a batch of sentences or chunks would be. */
static void input_text(char *out, size_t size, int i)
{
    snprintf(out, size, "chunk %d of the corpus", i);
}

/* Whether vector v (0-based) of doc is the fake's vector of input v, value by value. */
static int vector_is_exact(const char *doc, int v, int dims, float *scratch)
{
    const char *p = strstr(doc, "\"embeddings\":[");
    if (p == NULL) return 0;
    p += strlen("\"embeddings\":[");
    for (int skip = 0; skip < v; skip++) {
        p = strchr(p, ']');
        if (p == NULL) return 0;
        p += 2; /* "]," */
    }
    if (*p != '[') return 0;
    p++;
    char text[64];
    input_text(text, sizeof text, v);
    fake_vector(text, scratch, dims);
    for (int i = 0; i < dims; i++) {
        char *end = NULL;
        float f = strtof(p, &end);
        if (end == p || float_bits(f) != float_bits(scratch[i])) {
            fprintf(stderr, "    vector %d [%d]: %.9g, expected %.9g\n", v, i, f, scratch[i]);
            return 0;
        }
        p = end + 1;
    }
    return 1;
}

/* Counts the vectors and numbers of the "embeddings" member. */
static void count_vectors(const char *doc, long *vectors, long *numbers)
{
    *vectors = 0;
    *numbers = 0;
    const char *p = strstr(doc, "\"embeddings\":[");
    if (p == NULL) return;
    p += strlen("\"embeddings\":[");
    int depth = 1;
    for (; *p && depth > 0; p++) {
        if (*p == '[') { depth++; (*vectors)++; (*numbers)++; }
        else if (*p == ']') depth--;
        else if (*p == ',' && depth == 2) (*numbers)++;
    }
}

struct async_result {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int finished, status, dims, exact;
    long vectors, numbers;
    size_t length;
    char head[200];
};

/* Looks at the document where it lies (borrowed until this returns): a copy would count against us. */
static void on_done(void *user_data, int status, const char *json)
{
    struct async_result *r = user_data;
    pthread_mutex_lock(&r->lock);
    r->status = status;
    r->length = json ? strlen(json) : 0;
    snprintf(r->head, sizeof r->head, "%s", json ? json : "(no document)");
    if (status == LITELLM_OK && json) {
        count_vectors(json, &r->vectors, &r->numbers);
        float *scratch = malloc(sizeof(float) * (size_t)r->dims);
        r->exact = r->vectors > 0 && vector_is_exact(json, 0, r->dims, scratch) && vector_is_exact(json, (int)r->vectors - 1, r->dims, scratch);
        free(scratch);
    }
    r->finished = 1;
    pthread_cond_signal(&r->cond);
    pthread_mutex_unlock(&r->lock);
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: test_embed_memory BASE_URL KIND N D MAX_RATIO\n");
        return 64;
    }
    const char *base = argv[1], *kind = argv[2];
    int n = atoi(argv[3]), dims = atoi(argv[4]);
    double max_ratio = strtod(argv[5], NULL);
    int is_async = strcmp(kind, "embed_async") == 0;
    if (n < 1 || dims < 1 || (!is_async && strcmp(kind, "embed") != 0)) {
        fprintf(stderr, "bad arguments\n");
        return 64;
    }
    litellm_client *client = client_for(base, ", \"max_retries\": 0");
    if (client == NULL) return 1;

    /* The request: N short texts. Built before the first peak is read. */
    size_t cap = (size_t)n * 48 + 256;
    char *request = malloc(cap);
    size_t len = (size_t)snprintf(request, cap, "{\"model\":\"dims-%d\",\"dimensions\":%d,\"input\":[", dims, dims);
    for (int i = 0; i < n; i++) {
        char text[64];
        input_text(text, sizeof text, i);
        len += (size_t)snprintf(request + len, cap - len, "%s\"%s\"", i ? "," : "", text);
    }
    snprintf(request + len, cap - len, "]}");

    /* A small call first: the runtime, the connection and the code paths are warm. */
    char *out = NULL;
    int status = litellm_embed(client, "{\"model\":\"m\",\"input\":[\"warm\",\"up\"]}", &out);
    litellm_free(out);
    out = NULL;
    if (status != LITELLM_OK) {
        printf("FAILED memory_%s (warm-up call: status %d)\n", kind, status);
        return 1;
    }

    long before = peak_kib();
    struct async_result r = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, dims, 0, 0, 0, 0, "" };
    if (is_async) {
        status = litellm_embed_async(client, request, on_done, &r, NULL);
        if (status == LITELLM_OK) {
            pthread_mutex_lock(&r.lock);
            while (!r.finished) pthread_cond_wait(&r.cond, &r.lock);
            pthread_mutex_unlock(&r.lock);
            status = r.status;
        }
    } else {
        status = litellm_embed(client, request, &out);
        if (status == LITELLM_OK) {
            float *scratch = malloc(sizeof(float) * (size_t)dims);
            count_vectors(out, &r.vectors, &r.numbers);
            r.exact = vector_is_exact(out, 0, dims, scratch) && vector_is_exact(out, n - 1, dims, scratch);
            free(scratch);
        }
        r.length = out ? strlen(out) : 0;
        snprintf(r.head, sizeof r.head, "%s", out ? out : "(no document)");
    }
    long after = peak_kib();

    int ok = 1;
    char why[300] = "";
    size_t doc_bytes = r.length;
    if (status != LITELLM_OK) {
        ok = 0;
        snprintf(why, sizeof why, "status %d: %.160s", status, r.head);
    } else if (r.vectors != n || r.numbers != (long)n * dims) {
        ok = 0;
        snprintf(why, sizeof why, "the answer is not whole: %ld vectors, %ld numbers", r.vectors, r.numbers);
    } else if (!r.exact) {
        ok = 0;
        snprintf(why, sizeof why, "a vector is not the server's, bit for bit");
    }
    double growth = (double)(after - before) * 1024.0;
    double floats = (double)n * dims * 4;
    double wire = (double)n * (((double)dims * 4 + 2) / 3 * 4 + 40) + 120; /* base64 + per-vector JSON */
    double vs_doc = doc_bytes ? growth / (double)doc_bytes : 0;
    if (ok && vs_doc > max_ratio) {
        ok = 0;
        snprintf(why, sizeof why, "over the bound of %.2fx the document", max_ratio);
    }
    printf("%s memory_%s (%d x %d floats: vectors %.1f MiB, base64 answer ~%.1f MiB, document %.1f MiB; "
           "peak grew %.1f MiB = %.2fx the document, %.2fx the answer, %.2fx the floats%s%s)\n",
           ok ? "ok    " : "FAILED", kind, n, dims, floats / 1048576.0, wire / 1048576.0, (double)doc_bytes / 1048576.0,
           growth / 1048576.0, vs_doc, growth / wire, growth / floats, why[0] ? "; " : "", why);
    litellm_free(out);
    free(request);
    litellm_client_free(client);
    return ok ? 0 : 1;
}
