#ifndef CAMPAIGN_CIDN2_SHIM_H
#define CAMPAIGN_CIDN2_SHIM_H

// libidn2: internationalised domain names (IDNA2008 with UTS #46 mapping).
#include <idn2.h>

// The flags are an anonymous enum Swift imports as plain constants of
// another type; the one combination used is spelled out here.
static inline int campaign_idn2_to_ascii(const char *input, char **output) {
    return idn2_to_ascii_8z(input, output, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
}

#endif
