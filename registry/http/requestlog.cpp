// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/requestlog.h"

#include "http/httplogging.h"

namespace RequestLog {
namespace {
thread_local const Fields *logging = nullptr;
}

void write(const Fields &fields)
{
    if (!lcHttp().isDebugEnabled())
        return;
    logging = &fields;
    qCDebug(lcHttp).noquote() << fields.method << fields.path << fields.status << fields.bytes << "bytes"
                              << fields.durationUs << "us from" << fields.remoteAddress;
    logging = nullptr;
}

const Fields *current()
{
    return logging;
}

}
