#ifndef IOMAUDIT_CLIBXML2_SHIM_H
#define IOMAUDIT_CLIBXML2_SHIM_H
#include <libxml/xmlreader.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>

// Swift 6 rejects the xmlFree global; call it through a function.
static inline void iom_xml_free(void *p) { xmlFree(p); }
#endif
