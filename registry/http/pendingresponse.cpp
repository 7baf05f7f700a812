// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/pendingresponse.h"

void PendingResponse::complete(HttpResponse response)
{
    if (m_completed)
        return;
    m_completed = true;
    if (!m_writer) {
        m_response = std::move(response);
        return;
    }
    Writer writer = std::exchange(m_writer, nullptr);
    writer(response);
}

void PendingResponse::setWriter(Writer writer)
{
    if (!m_response) {
        m_writer = std::move(writer);
        return;
    }
    const HttpResponse response = *std::exchange(m_response, std::nullopt);
    writer(response);
}
