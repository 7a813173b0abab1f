#ifndef CAMPAIGN_CSQLITE_SHIM_H
#define CAMPAIGN_CSQLITE_SHIM_H

#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot
// import; these wrappers make SQLite copy the bytes before the call returns.
static inline int campaign_sqlite3_bind_text_transient(sqlite3_stmt *stmt, int index, const char *text, int length) {
    return sqlite3_bind_text(stmt, index, text, length, SQLITE_TRANSIENT);
}

static inline int campaign_sqlite3_bind_blob_transient(sqlite3_stmt *stmt, int index, const void *bytes, int length) {
    return sqlite3_bind_blob(stmt, index, bytes, length, SQLITE_TRANSIENT);
}

// The result of an application-defined SQL function, copied by SQLite.
static inline void campaign_sqlite3_result_text_transient(sqlite3_context *context, const char *text, int length) {
    sqlite3_result_text(context, text, length, SQLITE_TRANSIENT);
}

// sqlite3_config is variadic. With memory statistics on (the default) every
// allocation SQLite makes takes a process-wide mutex; nothing here reads them.
// Only before SQLite is first used: later it returns SQLITE_MISUSE.
static inline int campaign_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif
