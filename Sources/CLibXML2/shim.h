#ifndef IOMAUDIT_CLIBXML2_SHIM_H
#define IOMAUDIT_CLIBXML2_SHIM_H
#include <string.h>
// Keep the system ICU headers out: Foundation ships its own ICU module and the two clash when one
// Swift module sees both. We never touch the ICU converter fields libxml2 would expose.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>

// Swift 6 rejects the xmlFree global; call it through a function.
static inline void iom_xml_free(void *p) { xmlFree(p); }

// Generic error callbacks are variadic, which Swift cannot write.
static inline void iom_xml_noop_generic_error(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }

// Stop libxml2 printing to stderr on the calling thread (its error globals are per thread).
static inline void iom_xml_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, iom_xml_noop_generic_error);
}

// A SAX2 handler with every callback unset (the variadic warning/error slots stay NULL).
static inline void iom_xml_sax2_handler_init(xmlSAXHandler *h) {
    memset(h, 0, sizeof *h);
    h->initialized = XML_SAX2_MAGIC;
}
#endif
