// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/etcdcommitter.h"

#include "store/etcdcachesync.h"
#include "store/etcdclient.h"
#include "store/etcdkeylayout.h"
#include "store/etcdleasekeeper.h"
#include "store/storecodec.h"

#include <QJsonArray>
#include <QTimer>

namespace {
bool isRemoval(RegistryChange::Kind kind)
{
    return kind == RegistryChange::Kind::Cancelled || kind == RegistryChange::Kind::Expired;
}
}

EtcdCommitter::EtcdCommitter(const StoreConfig &config, const EtcdKeyLayout &keys, EtcdClient *client,
                             EtcdCacheSync *cache, EtcdLeaseKeeper *leases, QObject *parent)
    : QObject {parent}
    , m_config {config}
    , m_layout {keys}
    , m_client {client}
    , m_cache {cache}
    , m_leases {leases}
{
    connect(cache, &EtcdCacheSync::revisionApplied, this, &EtcdCommitter::settleAcknowledged);
}

void EtcdCommitter::stop()
{
    const QList<quint64> ids = m_commits.keys();
    for (quint64 id : ids) {
        finishCommit(id, m_acknowledged.contains(id)
                             ? Store::CommitResult {}
                             : Store::CommitResult {503, QStringLiteral("the node is stopping")});
    }
}

// The last change of each key wins, keeping the owner an earlier change of the same write gave it;
// services are put before the instances that point at them and deleted after the instances that
// went with them.
QList<EtcdCommitter::Operation> EtcdCommitter::operationsFor(const QList<RegistryChange> &changes) const
{
    QList<QByteArray> order;
    QHash<QByteArray, const RegistryChange *> latest;
    QHash<QByteArray, QString> owners;
    for (const RegistryChange &change : changes) {
        const QByteArray key = change.isServiceChange()
            ? m_layout.serviceKey(change.service.serviceId)
            : m_layout.instanceKey(change.instance.app, change.instance.instanceId);
        if (!latest.contains(key))
            order.append(key);
        latest.insert(key, &change);
        const QString owner = m_ownerAfter ? m_ownerAfter(change) : QString();
        if (!owner.isEmpty() || isRemoval(change.kind) || change.kind == RegistryChange::Kind::ServiceDeleted)
            owners.insert(key, owner);
    }
    QList<Operation> servicePuts;
    QList<Operation> instanceOperations;
    QList<Operation> serviceDeletes;
    for (const QByteArray &key : std::as_const(order)) {
        const RegistryChange &change = *latest.value(key);
        const EtcdCacheSync::KeyState known = m_cache->keyState(key);
        Operation operation {key};
        if (change.isServiceChange()) {
            operation.remove = change.kind == RegistryChange::Kind::ServiceDeleted;
            if (!operation.remove)
                operation.value = StoreCodec::encodeService(change.service, owners.value(key));
            (operation.remove ? serviceDeletes : servicePuts).append(operation);
            continue;
        }
        const Instance &instance = change.instance;
        if (isRemoval(change.kind)) {
            operation.remove = true;
            instanceOperations.append(operation);
            if (known.lease != 0) {
                // Goes with the lease; tells every node this removal was a cancel, not an expiry.
                Operation marker {m_layout.cancelMarkerKey(instance.app, instance.instanceId)};
                marker.lease = known.lease;
                instanceOperations.append(marker);
            }
            continue;
        }
        operation.value = StoreCodec::encodeInstance(instance, change.kind, owners.value(key));
        if (instance.pinned) {
            operation.replacedLease = known.lease;
        } else if (change.kind == RegistryChange::Kind::Registered || known.lease == 0) {
            operation.grantTtlSecs = EtcdLeaseKeeper::leaseTtlSecs(instance.lease.durationSecs);
            operation.replacedLease = known.lease;
        } else {
            operation.lease = known.lease;
        }
        instanceOperations.append(operation);
    }
    return writerOperation(changes) + servicePuts + instanceOperations + serviceDeletes;
}

// First in the transaction, so every node knows who wrote the revision before it applies the rest.
QList<EtcdCommitter::Operation> EtcdCommitter::writerOperation(const QList<RegistryChange> &changes) const
{
    for (const RegistryChange &change : changes) {
        if (!change.author.account.isEmpty() || !change.author.address.isEmpty())
            return {Operation {m_layout.writerKey(), StoreCodec::encodeAuthor(change.author)}};
    }
    return {};
}

void EtcdCommitter::commit(const QList<RegistryChange> &changes, Store::Done done)
{
    if (changes.isEmpty()) {
        done({});
        return;
    }
    const quint64 id = ++m_nextCommitId;
    Commit &commit = m_commits[id];
    commit.operations = operationsFor(changes);
    commit.done = std::move(done);
    commit.deadline = QDeadlineTimer(m_config.etcdRequestTimeoutMs);
    // Every call ends within the deadline; this is the last word if the watch is late.
    QTimer::singleShot(m_config.etcdRequestTimeoutMs + 500, this, [this, id] {
        if (m_acknowledged.contains(id))
            finishCommit(id, {});
        else
            finishCommit(id, {503, QStringLiteral("etcd did not acknowledge the write in time")});
    });
    grantLeases(id);
}

void EtcdCommitter::grantLeases(quint64 id)
{
    Commit &commit = m_commits[id];
    for (qsizetype i = 0; i < commit.operations.size(); ++i) {
        const int ttl = commit.operations[i].grantTtlSecs;
        if (ttl <= 0)
            continue;
        ++commit.grantsLeft;
        m_leases->grant(ttl, int(std::max<qint64>(1, commit.deadline.remainingTime())),
                        [this, id, i](qint64 lease, const EtcdClient::Reply &reply) {
            const auto it = m_commits.find(id);
            if (it == m_commits.end())
                return;
            if (!reply.ok) {
                if (reply.unreachable)
                    m_cache->connectionLost(reply.error);
                finishCommit(id, {503, QStringLiteral("etcd did not grant a lease: %1").arg(reply.error)});
                return;
            }
            it->operations[i].lease = lease;
            if (--it->grantsLeft == 0)
                sendTransaction(id);
        });
    }
    if (commit.grantsLeft == 0)
        sendTransaction(id);
}

// One transaction: the write is all in etcd, or none of it is.
void EtcdCommitter::sendTransaction(quint64 id)
{
    const Commit &commit = m_commits[id];
    QJsonArray requests;
    for (const Operation &operation : commit.operations) {
        if (operation.remove) {
            requests.append(QJsonObject {{QStringLiteral("request_delete_range"),
                                          QJsonObject {{QStringLiteral("key"), EtcdClient::encode(operation.key)}}}});
            continue;
        }
        QJsonObject put {{QStringLiteral("key"), EtcdClient::encode(operation.key)},
                         {QStringLiteral("value"), EtcdClient::encode(operation.value)}};
        if (operation.lease != 0)
            put.insert(QStringLiteral("lease"), QString::number(operation.lease));
        requests.append(QJsonObject {{QStringLiteral("request_put"), put}});
    }
    m_client->call(QStringLiteral("kv/txn"), {{QStringLiteral("success"), requests}},
                   int(std::max<qint64>(1, commit.deadline.remainingTime())),
                   [this, id](const EtcdClient::Reply &reply) {
        const auto it = m_commits.constFind(id);
        if (it == m_commits.cend())
            return;
        if (reply.ok) {
            for (const Operation &operation : it->operations) {
                if (operation.replacedLease != 0 && operation.replacedLease != operation.lease)
                    m_leases->revoke(operation.replacedLease);
            }
            waitForRevision(id, EtcdClient::headerRevision(reply.body));
            return;
        }
        if (reply.unreachable) {
            m_cache->connectionLost(reply.error);
            finishCommit(id, {503, QStringLiteral("etcd is unreachable (%1); the write was not made").arg(reply.error)});
        } else if (reply.error.contains(u"lease not found")) {
            finishCommit(id, {404, QStringLiteral("the instance's lease ended in etcd before this write")});
        } else {
            finishCommit(id, {503, QStringLiteral("etcd refused the write: %1").arg(reply.error)});
        }
    });
}

// Acknowledged: answer once the watch has brought the write into this node's cache.
void EtcdCommitter::waitForRevision(quint64 id, qint64 revision)
{
    if (m_cache->revision() >= revision)
        finishCommit(id, {});
    else
        m_acknowledged.insert(id, revision);
}

void EtcdCommitter::settleAcknowledged()
{
    QList<quint64> settled;
    for (auto it = m_acknowledged.cbegin(); it != m_acknowledged.cend(); ++it) {
        if (it.value() <= m_cache->revision())
            settled.append(it.key());
    }
    for (quint64 id : std::as_const(settled))
        finishCommit(id, {});
}

void EtcdCommitter::finishCommit(quint64 id, const Store::CommitResult &result)
{
    m_acknowledged.remove(id);
    const auto it = m_commits.find(id);
    if (it == m_commits.end())
        return;
    const Store::Done done = std::move(it->done);
    m_commits.erase(it);
    done(result);
}
