/* libFuzzer harness: the price-book data-file reader (dx_price_book_parse). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dx_price_book *book = NULL;
    if (dx_price_book_parse((const char *)data, size, &book) != DX_OK)
        return 0;
    for (size_t i = 0; i < dx_price_book_count(book); i++) {
        dx_price_entry e;
        if (dx_price_book_entry(book, i, &e) == DX_OK)
            (void)dx_price_book_find(book, e.key, &e);
    }
    dx_price_book_free(book);
    return 0;
}
