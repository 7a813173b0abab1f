#ifndef CAMPAIGN_CPOSTGRES_SHIM_H
#define CAMPAIGN_CPOSTGRES_SHIM_H

#include <libpq-fe.h>

// The notice processor is a C function pointer; this one drops notices
// (NOTICE and WARNING messages a statement may raise), which libpq would
// otherwise print to standard error, where they could carry a value.
static void campaign_pq_ignore_notice(void *argument, const char *message) {
    (void)argument;
    (void)message;
}

static inline void campaign_pq_silence_notices(PGconn *connection) {
    PQsetNoticeProcessor(connection, campaign_pq_ignore_notice, NULL);
}

#endif
