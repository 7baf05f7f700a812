// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httpresponse.h"

#include <functional>
#include <optional>

// An answer that is not ready when the handler returns: a write that waits for etcd. The handler
// returns HttpResponse::deferred(pending) and calls complete() once the answer is known; the
// transport writes it then, if the client is still connected (../shared/qt-notes.md §0.2).
class PendingResponse
{
public:
    using Writer = std::function<void(const HttpResponse &)>;

    // The first call wins; later ones are ignored.
    void complete(HttpResponse response);
    bool isComplete() const { return m_completed; }
    // For the transport: writer runs once with the answer, at once if it is already known.
    void setWriter(Writer writer);

private:
    std::optional<HttpResponse> m_response;
    Writer m_writer;
    bool m_completed = false;
};
