#ifndef CAMPAIGN_CMICROHTTPD_SHIM_H
#define CAMPAIGN_CMICROHTTPD_SHIM_H

#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <microhttpd.h>

// MHD_start_daemon is variadic; Swift passes its options as one
// MHD_OPTION_ARRAY terminated by MHD_OPTION_END.
static inline struct MHD_Daemon *campaign_mhd_start_daemon(unsigned int flags,
                                                           uint16_t port,
                                                           MHD_AccessHandlerCallback handler,
                                                           void *handler_context,
                                                           struct MHD_OptionItem *options) {
    return MHD_start_daemon(flags, port, NULL, NULL, handler, handler_context,
                            MHD_OPTION_ARRAY, options,
                            MHD_OPTION_END);
}

static inline const union MHD_DaemonInfo *campaign_mhd_daemon_info(struct MHD_Daemon *daemon, enum MHD_DaemonInfoType type) {
    return MHD_get_daemon_info(daemon, type);
}

#endif
