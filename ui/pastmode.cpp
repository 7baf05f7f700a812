// SPDX-License-Identifier: GPL-3.0-or-later
#include "pastmode.h"

#include "api/registryconnection.h"
#include "models/registrymirror.h"
#include "workspace.h"

namespace {
// The slider's range grows with the present; a look every few seconds is enough.
constexpr int boundsIntervalMs = 5000;
}

PastMode::PastMode(Workspace *workspace, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
{
    m_boundsTimer.setInterval(boundsIntervalMs);
    connect(&m_boundsTimer, &QTimer::timeout, this, &PastMode::refreshBounds);
    m_boundsTimer.start();
}

PastMode::~PastMode() = default;

std::optional<qsizetype> PastMode::instancesAt(const RegistryConnection *node) const
{
    const auto found = m_nodeInstances.constFind(node);
    return found == m_nodeInstances.cend() ? std::nullopt : std::optional(*found);
}

void PastMode::setSource(RegistryConnection *source)
{
    if (m_source == source)
        return;
    m_source = source;
    m_earliest = 0;
    m_unavailable.clear();
    refreshBounds();
    if (isActive()) {
        replaceMirror(nullptr);
        readSource(m_moment);
    }
}

void PastMode::refreshBounds()
{
    if (!m_source) {
        m_earliest = 0;
        m_unavailable.clear();
        emit boundsChanged();
        return;
    }
    const QPointer<RegistryConnection> asked = m_source;
    m_source->requestHistoryBounds(this, [this, asked](const PastRegistry &past) {
        if (asked.data() != m_source.data())
            return;
        m_earliest = past.ok() ? past.earliest : 0;
        m_unavailable = past.error;
        emit boundsChanged();
    });
}

void PastMode::showMoment(qint64 time)
{
    if (!m_source || time <= 0)
        return;
    m_moment = time;
    emit momentChanged(time);
    readSource(time);
    readNodes(time);
}

void PastMode::backToNow()
{
    if (!isActive())
        return;
    m_moment = 0;
    ++m_request;
    m_nodeInstances.clear();
    emit momentChanged(0);
    emit nowShown();
    replaceMirror(nullptr);
}

void PastMode::readSource(qint64 time)
{
    const quint64 request = ++m_request;
    m_source->requestStateAt(time, this, [this, request, time](const PastRegistry &past) {
        if (request != m_request)
            return;                    // a later moment was asked for, or the present
        if (!past.ok() || !past.state) {
            backToNow();
            emit pastFailed(past.error);
            return;
        }
        replaceMirror(new RegistryMirror(*past.state, time, this));
        emit pastShown();
    });
}

// The topology shows what each node of this console held then; each answers on its own time.
void PastMode::readNodes(qint64 time)
{
    m_nodeInstances.clear();
    for (RegistryConnection *node : m_workspace->sources()) {
        if (!node->isLocal() || node->state() != RegistryConnection::State::Running)
            continue;
        const QPointer<RegistryConnection> asked = node;
        node->requestStateAt(time, this, [this, asked, time](const PastRegistry &past) {
            if (!asked || time != m_moment || !past.state)
                return;
            m_nodeInstances.insert(asked.data(), past.state->instances.size());
            emit topologyRead();
        });
    }
}

// The views hold the old mirror until they are given the new one: it goes after them.
void PastMode::replaceMirror(RegistryMirror *mirror)
{
    RegistryMirror *old = m_mirror;
    m_mirror = mirror;
    if (old)
        old->deleteLater();
}
