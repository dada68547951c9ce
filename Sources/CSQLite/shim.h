#ifndef IOMAUDIT_CSQLITE_SHIM_H
#define IOMAUDIT_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT and SQLITE_STATIC are macros Swift cannot import.
static const sqlite3_destructor_type IOM_SQLITE_TRANSIENT = SQLITE_TRANSIENT;
static const sqlite3_destructor_type IOM_SQLITE_STATIC = SQLITE_STATIC;
#endif
