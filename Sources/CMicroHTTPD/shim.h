#ifndef CAMPAIGN_CMICROHTTPD_SHIM_H
#define CAMPAIGN_CMICROHTTPD_SHIM_H

#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include <malloc.h>

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

// Option items: integers go in `value`, pointers in `ptr_value`; an option
// taking a function and its closure takes the function as `value`.
static inline struct MHD_OptionItem campaign_mhd_option_value(enum MHD_OPTION option, intptr_t value) {
    struct MHD_OptionItem item = { option, value, NULL };
    return item;
}

static inline struct MHD_OptionItem campaign_mhd_option_pointer(enum MHD_OPTION option, void *pointer) {
    struct MHD_OptionItem item = { option, 0, pointer };
    return item;
}

static inline struct MHD_OptionItem campaign_mhd_option_completed(MHD_RequestCompletedCallback callback, void *context) {
    struct MHD_OptionItem item = { MHD_OPTION_NOTIFY_COMPLETED, (intptr_t) callback, context };
    return item;
}

static inline struct MHD_OptionItem campaign_mhd_option_connection(MHD_NotifyConnectionCallback callback, void *context) {
    struct MHD_OptionItem item = { MHD_OPTION_NOTIFY_CONNECTION, (intptr_t) callback, context };
    return item;
}

typedef void *(*campaign_mhd_uri_logger)(void *context, const char *uri, struct MHD_Connection *connection);

static inline struct MHD_OptionItem campaign_mhd_option_uri_logger(campaign_mhd_uri_logger callback, void *context) {
    struct MHD_OptionItem item = { MHD_OPTION_URI_LOG_CALLBACK, (intptr_t) callback, context };
    return item;
}

static inline struct MHD_OptionItem campaign_mhd_option_end(void) {
    struct MHD_OptionItem item = { MHD_OPTION_END, 0, NULL };
    return item;
}

static inline const union MHD_DaemonInfo *campaign_mhd_daemon_info(struct MHD_Daemon *daemon, enum MHD_DaemonInfoType type) {
    return MHD_get_daemon_info(daemon, type);
}

static inline const union MHD_ConnectionInfo *campaign_mhd_connection_info(struct MHD_Connection *connection, enum MHD_ConnectionInfoType type) {
    return MHD_get_connection_info(connection, type);
}

// The client's address as text (IPv4 or IPv6), or "" when unknown.
static inline void campaign_mhd_client_address(struct MHD_Connection *connection, char *buffer, socklen_t size) {
    buffer[0] = 0;
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL) { return; }
    const struct sockaddr *address = info->client_addr;
    if (address->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *) address)->sin_addr, buffer, size);
    } else if (address->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *) address)->sin6_addr, buffer, size);
    }
}

// The connection's socket, or -1.
static inline int campaign_mhd_connection_fd(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    return info == NULL ? -1 : info->connect_fd;
}

// The daemon flags the server uses: an internal epoll thread pool,
// suspend/resume (which brings the inter-thread channel quiescing needs).
static inline unsigned int campaign_mhd_server_flags(void) {
    return MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_TURBO;
}

// Named options, so Swift need not spell C enum constants.
static inline struct MHD_OptionItem campaign_mhd_option_listen_socket(int descriptor) { return campaign_mhd_option_value(MHD_OPTION_LISTEN_SOCKET, descriptor); }
static inline struct MHD_OptionItem campaign_mhd_option_threads(unsigned int count) { return campaign_mhd_option_value(MHD_OPTION_THREAD_POOL_SIZE, count); }
static inline struct MHD_OptionItem campaign_mhd_option_connection_limit(unsigned int count) { return campaign_mhd_option_value(MHD_OPTION_CONNECTION_LIMIT, count); }
static inline struct MHD_OptionItem campaign_mhd_option_per_address_limit(unsigned int count) { return campaign_mhd_option_value(MHD_OPTION_PER_IP_CONNECTION_LIMIT, count); }
static inline struct MHD_OptionItem campaign_mhd_option_memory_limit(size_t bytes) { return campaign_mhd_option_value(MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t) bytes); }
static inline struct MHD_OptionItem campaign_mhd_option_timeout(unsigned int seconds) { return campaign_mhd_option_value(MHD_OPTION_CONNECTION_TIMEOUT, seconds); }

// A response holding its own copy of the body.
static inline struct MHD_Response *campaign_mhd_response_copying(size_t size, const void *bytes) {
    return MHD_create_response_from_buffer(size, (void *) bytes, MHD_RESPMEM_MUST_COPY);
}

static inline int campaign_mhd_is_connection_start(enum MHD_ConnectionNotificationCode code) { return code == MHD_CONNECTION_NOTIFY_STARTED; }

// The pointer the connection-notify callback stored for this connection.
static inline void *campaign_mhd_socket_context(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info == NULL ? NULL : info->socket_context;
}

// Gives freed heap back to the system (the server calls it after loading
// the demo data); glibc's malloc.h is not part of Swift's Glibc module.
static inline void campaign_release_free_memory(void) {
    malloc_trim(0);
}

#endif
