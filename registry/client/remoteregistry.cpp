// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/remoteregistry.h"

#include "client/remoteworker.h"

#include <QPointer>
#include <QThread>

RemoteRegistry::RemoteRegistry(const QUrl &url, Kind kind, QObject *parent)
    : RegistryConnection {parent}
    , m_url {url}
    , m_kind {kind}
    , m_requestedKind {kind}
    , m_thread {new QThread(this)}
    , m_worker {new RemoteWorker}
{
    m_thread->setObjectName(QStringLiteral("remote-") + url.host());
    m_worker->moveToThread(m_thread);
    connect(m_worker, &RemoteWorker::stateChanged, this,
            [this](State state, Kind kind, const QString &error, bool certificateRejected) {
        m_state = state;
        m_kind = kind;
        m_lastError = error;
        m_certificateRejected = certificateRejected;
        emit stateChanged(state);
    });
    connect(m_worker, &RemoteWorker::changesReady, this, &RemoteRegistry::changesReady);
}

QString RemoteRegistry::name() const
{
    return m_url.port() > 0 ? m_url.host() + u':' + QString::number(m_url.port()) : m_url.host();
}

RemoteRegistry::~RemoteRegistry()
{
    stop();
    delete m_worker;
}

void RemoteRegistry::start()
{
    if (m_thread->isRunning())
        return;
    m_thread->start();
    RemoteWorker::Settings settings;
    settings.url = m_url;
    settings.kind = m_requestedKind;
    settings.pollIntervalMs = std::max(1, m_pollIntervalMs);
    settings.maxRetryIntervalMs = m_maxRetryIntervalMs;
    settings.requestTimeoutMs = m_requestTimeoutMs;
    settings.tls = m_tls;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, settings] { worker->start(settings); }, Qt::QueuedConnection);
}

// Waits only for the worker to abort its requests, which takes no network round trip.
void RemoteRegistry::stop()
{
    if (!m_thread->isRunning())
        return;
    QMetaObject::invokeMethod(m_worker, &RemoteWorker::stop, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

template<typename Result>
void RemoteRegistry::post(std::function<Result(RemoteWorker &)> read, QObject *context,
                          std::function<void(const Result &)> callback)
{
    QPointer<QObject> guard {context};
    if (!m_thread->isRunning()) {
        QMetaObject::invokeMethod(context, [guard, callback] {
            if (guard)
                callback(Result {});
        }, Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, read = std::move(read), guard, callback = std::move(callback)] {
        Result result = read(*worker);
        if (!guard)
            return;
        QMetaObject::invokeMethod(guard.data(), [result = std::move(result), callback] { callback(result); },
                                  Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void RemoteRegistry::postCommand(std::function<void(RemoteWorker &, CommandDone)> work, QObject *context,
                                 CommandDone callback)
{
    QPointer<QObject> guard {context};
    const auto deliver = [guard, callback](const CommandResult &result) {
        if (!guard)
            return;
        QMetaObject::invokeMethod(guard.data(), [result, callback] { callback(result); }, Qt::QueuedConnection);
    };
    if (!m_thread->isRunning()) {
        deliver(CommandResult::failure(CommandResult::Error::NotConnected,
                                       QStringLiteral("the client of %1 is not started").arg(m_url.toDisplayString())));
        return;
    }
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, work = std::move(work), deliver] {
        work(*worker, deliver);
    }, Qt::QueuedConnection);
}

void RemoteRegistry::requestSnapshot(QObject *context, std::function<void(const RegistrySnapshot &)> callback)
{
    post<RegistrySnapshot>([](RemoteWorker &worker) { return worker.snapshot(); }, context, std::move(callback));
}

void RemoteRegistry::requestStatus(QObject *context, std::function<void(const NodeStatus &)> callback)
{
    post<NodeStatus>([](RemoteWorker &worker) { return worker.status(); }, context, std::move(callback));
}

void RemoteRegistry::requestMetrics(QObject *context, std::function<void(const MetricsSample &)> callback)
{
    QPointer<QObject> guard {context};
    const auto deliver = [guard, callback = std::move(callback)](const MetricsSample &sample) {
        if (guard)
            QMetaObject::invokeMethod(guard.data(), [sample, callback] { callback(sample); }, Qt::QueuedConnection);
    };
    if (!m_thread->isRunning())
        return deliver(MetricsSample::unavailable(MetricsSample::Availability::NotRunning));
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, deliver] { worker->readMetrics(deliver); },
                              Qt::QueuedConnection);
}

void RemoteRegistry::requestGatewayStats(QObject *context, std::function<void(const GatewayStats &)> callback)
{
    QPointer<QObject> guard {context};
    const auto deliver = [guard, callback = std::move(callback)](const GatewayStats &stats) {
        if (guard)
            QMetaObject::invokeMethod(guard.data(), [stats, callback] { callback(stats); }, Qt::QueuedConnection);
    };
    if (!m_thread->isRunning())
        return deliver(GatewayStats::unavailable(GatewayStats::Availability::NotRunning));
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, deliver] { worker->readGatewayStats(deliver); },
                              Qt::QueuedConnection);
}

void RemoteRegistry::requestHistoryBounds(QObject *context, std::function<void(const PastRegistry &)> callback)
{
    postHistoryRead(std::nullopt, context, std::move(callback));
}

void RemoteRegistry::requestStateAt(qint64 time, QObject *context, std::function<void(const PastRegistry &)> callback)
{
    postHistoryRead(time, context, std::move(callback));
}

void RemoteRegistry::postHistoryRead(std::optional<qint64> time, QObject *context,
                                     std::function<void(const PastRegistry &)> callback)
{
    QPointer<QObject> guard {context};
    const auto deliver = [guard, callback = std::move(callback)](const PastRegistry &past) {
        if (guard)
            QMetaObject::invokeMethod(guard.data(), [past, callback] { callback(past); }, Qt::QueuedConnection);
    };
    if (!m_thread->isRunning())
        return deliver(PastRegistry::failure(time.value_or(0), QStringLiteral("not connected")));
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, time, deliver] { worker->readHistory(time, deliver); },
                              Qt::QueuedConnection);
}

void RemoteRegistry::registerInstance(const Instance &instance, QObject *context,
                                      CommandCallback callback)
{
    postCommand([instance](RemoteWorker &worker, CommandDone done) {
        worker.command([instance](RemoteProtocol &protocol, CommandDone done) {
            protocol.registerInstance(instance, std::move(done));
        }, std::move(done));
    }, context, std::move(callback));
}

void RemoteRegistry::cancelInstance(const QString &app, const QString &id, QObject *context,
                                    CommandCallback callback)
{
    postCommand([app, id](RemoteWorker &worker, CommandDone done) {
        worker.command([app, id](RemoteProtocol &protocol, CommandDone done) {
            protocol.cancelInstance(app, id, std::move(done));
        }, std::move(done));
    }, context, std::move(callback));
}

void RemoteRegistry::setStatusOverride(const QString &app, const QString &id, InstanceStatus status, QObject *context,
                                       CommandCallback callback)
{
    postCommand([app, id, status](RemoteWorker &worker, CommandDone done) {
        worker.command([app, id, status](RemoteProtocol &protocol, CommandDone done) {
            protocol.setStatusOverride(app, id, status, std::move(done));
        }, std::move(done));
    }, context, std::move(callback));
}

void RemoteRegistry::removeStatusOverride(const QString &app, const QString &id,
                                          std::optional<InstanceStatus> newStatus, QObject *context,
                                          CommandCallback callback)
{
    postCommand([app, id, newStatus](RemoteWorker &worker, CommandDone done) {
        worker.command([app, id, newStatus](RemoteProtocol &protocol, CommandDone done) {
            protocol.removeStatusOverride(app, id, newStatus, std::move(done));
        }, std::move(done));
    }, context, std::move(callback));
}

void RemoteRegistry::mergeMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                   QObject *context, CommandCallback callback)
{
    postCommand([app, id, metadata](RemoteWorker &worker, CommandDone done) {
        worker.command([app, id, metadata](RemoteProtocol &protocol, CommandDone done) {
            protocol.mergeMetadata(app, id, metadata, std::move(done));
        }, std::move(done));
    }, context, std::move(callback));
}

void RemoteRegistry::replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                     QObject *context, CommandCallback callback)
{
    postCommand([app, id, metadata](RemoteWorker &worker, CommandDone done) {
        worker.command([app, id, metadata](RemoteProtocol &protocol, CommandDone done) {
            protocol.replaceMetadata(app, id, metadata, std::move(done));
        }, std::move(done));
    }, context, std::move(callback));
}

void RemoteRegistry::createService(const Service &, QObject *context,
                                   std::function<void(const ServiceResult &)> callback)
{
    const CommandResult refused = CommandResult::failure(
        CommandResult::Error::Unsupported,
        QStringLiteral("services are not created by hand at %1").arg(m_url.toDisplayString()));
    QPointer<QObject> guard {context};
    QMetaObject::invokeMethod(context, [guard, refused, callback = std::move(callback)] {
        if (guard)
            callback(ServiceResult {refused, {}});
    }, Qt::QueuedConnection);
}

void RemoteRegistry::addBridge(BridgeState::Kind kind, const QUrl &url, QObject *context, CommandCallback callback)
{
    postCommand([kind, url](RemoteWorker &worker, CommandDone done) {
        worker.command([kind, url](RemoteProtocol &protocol, CommandDone done) {
            protocol.addBridge(kind, url, std::move(done));
        }, std::move(done));
    }, context, std::move(callback));
}

void RemoteRegistry::removeBridge(const QUrl &url, QObject *context, CommandCallback callback)
{
    postCommand([url](RemoteWorker &worker, CommandDone done) {
        worker.command([url](RemoteProtocol &protocol, CommandDone done) {
            protocol.removeBridge(url, std::move(done));
        }, std::move(done));
    }, context, std::move(callback));
}
