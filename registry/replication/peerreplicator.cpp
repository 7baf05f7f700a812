// SPDX-License-Identifier: GPL-3.0-or-later
#include "replication/peerreplicator.h"

#include "eureka/eurekajsoncodec.h"
#include "core/registry.h"
#include "replication/linkfaults.h"
#include "model/urlcredentials.h"
#include "replication/peerbatch.h"
#include "replication/peerrequest.h"
#include "replication/replicationlogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <optional>

namespace {
constexpr int firstCongestionBackoffMs = 1'000;
constexpr int firstTransientBackoffMs = 100;

bool isHeartbeat(const ReplicationTask &task)
{
    return task.action == ReplicationTask::Action::Heartbeat;
}
}

PeerReplicator::PeerReplicator(QUrl serviceUrl, Registry *registry, QNetworkAccessManager *network, Limits limits,
                               QObject *parent)
    : QObject {parent}
    , m_serviceUrl {std::move(serviceUrl)}
    , m_registry {registry}
    , m_network {network}
    , m_limits {limits}
    , m_sendTimer {this}
    , m_reRegisterTimer {this}
{
    m_state.url = UrlCredentials::shown(m_serviceUrl);
    m_sendTimer.setSingleShot(true);
    connect(&m_sendTimer, &QTimer::timeout, this, &PeerReplicator::sendBatch);
    m_reRegisterTimer.setSingleShot(true);
    connect(&m_reRegisterTimer, &QTimer::timeout, this, &PeerReplicator::enqueueDueReRegisters);
}

void PeerReplicator::enqueue(ReplicationTask::Action action, const QString &app, const QString &instanceId,
                             qint64 cancelledDirtyTimestamp)
{
    ReplicationTask task {action, app, instanceId, m_registry->nowMs(), cancelledDirtyTimestamp};
    if (isHeartbeat(task)) {
        qsizetype &queued = m_queuedHeartbeats[qMakePair(app, instanceId)];
        if (queued > 0)
            return;   // the queued heartbeat sends the instance's state as it is at send time
        ++queued;
    }
    m_queue.push_back(std::move(task));
    if (qsizetype(m_queue.size()) > m_limits.maxQueue)
        dropOldestHeartbeat();
    if (!m_inFlight && !m_sendTimer.isActive())
        scheduleSend(m_limits.batchDelayMs);
}

// A full queue loses heartbeats first (the next one makes up for it), never a register or a cancel.
void PeerReplicator::dropOldestHeartbeat()
{
    const auto it = std::find_if(m_queue.begin(), m_queue.end(), isHeartbeat);
    if (it == m_queue.end()) {
        qCWarning(lcReplication).noquote() << "queue for" << m_state.url << "holds" << m_queue.size()
                                           << "writes and no heartbeat to drop";
        return;
    }
    m_queuedHeartbeats.remove(qMakePair(it->app, it->instanceId));
    m_queue.erase(it);
    ++m_state.droppedHeartbeats;
}

void PeerReplicator::scheduleSend(int delayMs)
{
    m_sendTimer.start(delayMs);
}

QJsonObject PeerReplicator::encodeTask(const ReplicationTask &task) const
{
    const std::optional<Instance> current = m_registry->instance(task.app, task.instanceId);
    // The service and the owner are what the "muster" member is made of; a peer that refused it gets none.
    const Service *service = current && m_sendsExtensions ? m_registry->findService(current->serviceId) : nullptr;
    const QString owner = current && m_sendsExtensions && m_ownerOf ? m_ownerOf(task.app, task.instanceId) : QString();
    return PeerBatch::encodeItem(task, current, service, owner);
}

// A task sends the instance as it is now. A write whose instance is gone by now is followed by the
// cancel that removed it.
// A cancel whose instance is back with a newer copy (registered again here, or at another node
// after the cancel) still goes to a Muster peer: it carries the lastDirtyTimestamp of the copy it
// removed, and the peer ignores it when it holds a newer copy already (a queue held back by a peer
// that was down). Where the peer still holds the cancelled copy, the cancel also ends that copy's
// status override, which the newer registration must not inherit there. A Netflix Eureka peer
// reads no timestamp on a cancel, so there the cancel is dropped and the registration travels alone.
bool PeerReplicator::isOutdated(const ReplicationTask &task) const
{
    const std::optional<Instance> current = m_registry->instance(task.app, task.instanceId);
    if (task.action != ReplicationTask::Action::Cancel)
        return !current;
    return !m_sendsExtensions && current && current->lastDirtyTimestamp > task.cancelledDirtyTimestamp;
}

ReplicationTask PeerReplicator::takeFront()
{
    ReplicationTask task = std::move(m_queue.front());
    m_queue.pop_front();
    if (isHeartbeat(task))
        m_queuedHeartbeats.remove(qMakePair(task.app, task.instanceId));
    return task;
}

// A batch holds at most maxBatch tasks and, unless its first task alone is larger, maxBatchBytes of
// body: {"replicationList":[item,item,...]}, the items in compact JSON.
void PeerReplicator::sendBatch()
{
    // An unreachable peer is probed with an empty batch even when nothing is left to send, so its
    // state recovers when it returns (and the cluster's health lists it again).
    const bool probe = m_state.reachability == PeerState::Reachability::Unreachable;
    if (m_inFlight || (m_queue.empty() && !probe))
        return;
    static constexpr QByteArrayView opening = "{\"replicationList\":[";
    static constexpr QByteArrayView closing = "]}";
    QList<ReplicationTask> batch;
    QByteArray body(opening.data(), opening.size());
    bool extended = false;
    while (!m_queue.empty() && batch.size() < m_limits.maxBatch) {
        if (isOutdated(m_queue.front())) {
            takeFront();
            continue;
        }
        const QJsonObject encoded = encodeTask(m_queue.front());
        const QByteArray item = QJsonDocument(encoded).toJson(QJsonDocument::Compact);
        const qsizetype separator = batch.isEmpty() ? 0 : 1;
        if (!batch.isEmpty() && body.size() + separator + item.size() + closing.size() > m_limits.maxBatchBytes)
            break;
        if (separator)
            body += ',';
        body += item;
        extended = extended || encoded.contains(u"muster");
        batch.append(takeFront());
    }
    if (batch.isEmpty() && !probe)
        return;
    body += closing;

    const LinkFault fault = LinkFaults::inProcess().fault(m_ownServiceUrl, m_serviceUrl);
    if (fault.drops()) {
        retryLater(batch, QStringLiteral("the batch was dropped by a fault on the link"), false);
        return;
    }
    m_inFlight = true;
    m_inFlightSinceMs = batch.isEmpty() ? 0 : batch.constFirst().enqueuedMs;
    if (fault.latencyMs > 0) {
        QTimer::singleShot(fault.latencyMs, this, [this, body, batch, extended] { post(body, batch, extended); });
        return;
    }
    post(body, batch, extended);
}

void PeerReplicator::post(const QByteArray &body, const QList<ReplicationTask> &batch, bool extended)
{
    const QUrl endpoint = m_serviceUrl.resolved(QUrl(QStringLiteral("peerreplication/batch/")));
    QNetworkRequest request = peerRequest(endpoint);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "Muster-Replication");
    request.setRawHeader("DiscoveryIdentity-Name", "DefaultServer");
    request.setTransferTimeout(m_limits.requestTimeoutMs);
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, batch, extended] {
        reply->deleteLater();
        handleReply(reply, batch, extended);
    });
}

void PeerReplicator::handleReply(QNetworkReply *reply, const QList<ReplicationTask> &batch, bool extended)
{
    m_inFlight = false;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError && status == 0) {
        const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError
            || reply->error() == QNetworkReply::TimeoutError;
        retryLater(batch, reply->errorString(), timedOut);
        return;
    }
    if (status == 503) {
        retryLater(batch, QStringLiteral("HTTP 503"), true);
        return;
    }
    const qint64 now = m_registry->nowMs();
    if (status == 400 && extended) {
        // A Netflix Eureka server parses a batch item strictly and refuses the whole batch
        // ("cannot parse request body") for the muster field it does not know, so this peer is not a
        // Muster node: it gets plain Eureka items from now on, this batch included, which it had
        // applied none of.
        qCInfo(lcReplication).noquote() << "peer" << m_state.url
                                        << "refused Muster's fields in a batch; sending it plain Eureka items";
        m_sendsExtensions = false;
        putBack(batch);
        scheduleSend(0);
        return;
    }
    if (status < 200 || status >= 300) {
        qCWarning(lcReplication).noquote() << "peer" << m_state.url << "refused a batch of" << batch.size()
                                           << "with HTTP" << status << "; dropped";
        m_state.lastError = QStringLiteral("HTTP %1").arg(status);
        m_state.lastErrorMs = now;
        ++m_state.failures;
    } else {
        const QJsonArray responses = QJsonDocument::fromJson(reply->readAll()).object().value(u"responseList").toArray();
        if (responses.size() == batch.size()) {
            for (qsizetype i = 0; i < batch.size(); ++i) {
                const QJsonObject response = responses[i].toObject();
                handleItemResponse(batch[i], response.value(u"statusCode").toInt(),
                                   response.value(u"responseEntity").toObject());
            }
        }
        m_state.sentTasks += batch.size();
    }
    m_state.reachability = PeerState::Reachability::Reachable;
    m_state.lastSuccessMs = now;
    m_backoffMs = 0;
    emit stateChanged();
    if (!m_queue.empty())
        scheduleSend(0);
}

// Conflicts by lastDirtyTimestamp (contract §4.4): a heartbeat answered 404 → the peer lacks our
// copy or holds an older one, so send it; 409 → the peer holds a newer copy, so take it.
// A status change or override removal answered 404 also means the peer lacks the instance (it
// restarted, or the change overtook the instance's register from another node, a retried batch for
// one): Eureka drops the change, and the peer would keep the old status for good. Our copy, sent as
// a Register, carries the status and the override.
// A 404 can also answer a write that reached the peer just after a cancel made there or at a third
// node, whose replica is still on its way to us. Sending our copy at once would bring the instance
// back at the peer for good; sending it after reRegisterDelayMs lets that cancel arrive first, and
// the Register of an instance gone by then is dropped (isOutdated).
// A 409 that comes back after our client cancelled the instance is not adopted: that would bring the
// instance back here, and the cancel on its way to the peer settles the conflict.
void PeerReplicator::handleItemResponse(const ReplicationTask &task, int status, const QJsonObject &entity)
{
    switch (task.action) {
    case ReplicationTask::Action::Heartbeat:
        if (status == 404) {
            scheduleReRegister(task.app, task.instanceId);
        } else if (status == 409 && !entity.isEmpty() && m_registry->instance(task.app, task.instanceId)) {
            const DecodedInstance decoded = EurekaJsonCodec::decodeInstance(entity);
            if (decoded.instance)
                m_registry->registerInstance(*decoded.instance, WriteOrigin::Peer);
        }
        break;
    case ReplicationTask::Action::StatusUpdate:
    case ReplicationTask::Action::DeleteStatusOverride:
        if (status == 404)
            scheduleReRegister(task.app, task.instanceId);
        break;
    case ReplicationTask::Action::Register:
    case ReplicationTask::Action::Cancel:
        break;
    }
}

void PeerReplicator::scheduleReRegister(const QString &app, const QString &instanceId)
{
    const auto key = qMakePair(app, instanceId);
    if (m_reRegisterKeys.contains(key))
        return;
    m_reRegisterKeys.insert(key);
    m_reRegisters.push_back({QDeadlineTimer(m_limits.reRegisterDelayMs), app, instanceId});
    if (!m_reRegisterTimer.isActive())
        m_reRegisterTimer.start(m_limits.reRegisterDelayMs);
}

void PeerReplicator::enqueueDueReRegisters()
{
    while (!m_reRegisters.empty() && m_reRegisters.front().due.hasExpired()) {
        const PendingReRegister pending = std::move(m_reRegisters.front());
        m_reRegisters.pop_front();
        m_reRegisterKeys.remove(qMakePair(pending.app, pending.instanceId));
        enqueue(ReplicationTask::Action::Register, pending.app, pending.instanceId);
    }
    if (!m_reRegisters.empty())
        m_reRegisterTimer.start(int(m_reRegisters.front().due.remainingTime()));
}

void PeerReplicator::retryLater(const QList<ReplicationTask> &batch, const QString &error, bool congestion)
{
    const qint64 now = m_registry->nowMs();
    if (m_state.reachability != PeerState::Reachability::Unreachable)
        qCWarning(lcReplication).noquote() << "peer" << m_state.url << "unreachable:" << error;
    m_state.reachability = PeerState::Reachability::Unreachable;
    m_state.lastError = error;
    m_state.lastErrorMs = now;
    ++m_state.failures;
    putBack(batch);
    // A refused connection costs nothing to try again, and the peer may be back any moment: a long
    // back-off would hold every write made after its return (up to 30 s). A peer that times out or
    // answers 503 is busy, and retrying it often would only add to its load.
    const int first = congestion ? firstCongestionBackoffMs : firstTransientBackoffMs;
    const int cap = congestion ? m_limits.maxBackoffMs : m_limits.maxTransientBackoffMs;
    m_backoffMs = m_backoffMs == 0 ? first : std::min(m_backoffMs * 2, cap);
    emit stateChanged();
    scheduleSend(m_backoffMs);
}

// Back in front, in order; a heartbeat queued meanwhile for the same instance makes the old one redundant.
void PeerReplicator::putBack(const QList<ReplicationTask> &batch)
{
    for (auto it = batch.crbegin(); it != batch.crend(); ++it) {
        if (isHeartbeat(*it)) {
            qsizetype &queued = m_queuedHeartbeats[qMakePair(it->app, it->instanceId)];
            if (queued > 0)
                continue;
            ++queued;
        }
        m_queue.push_front(*it);
    }
    while (qsizetype(m_queue.size()) > m_limits.maxQueue && std::any_of(m_queue.begin(), m_queue.end(), isHeartbeat))
        dropOldestHeartbeat();
}

PeerState PeerReplicator::state() const
{
    PeerState state = m_state;
    state.queueLength = qsizetype(m_queue.size());
    // A batch on its way counts: a link that holds batches back shows as lag.
    std::optional<qint64> oldest;
    if (m_inFlight && m_inFlightSinceMs > 0)
        oldest = m_inFlightSinceMs;
    if (!m_queue.empty())
        oldest = std::min(oldest.value_or(m_queue.front().enqueuedMs), m_queue.front().enqueuedMs);
    state.lagMs = oldest ? m_registry->nowMs() - *oldest : 0;
    return state;
}
