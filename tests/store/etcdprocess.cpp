// SPDX-License-Identifier: GPL-3.0-or-later
#include "etcdprocess.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSet>
#include <QTcpServer>
#include <QTest>
#include <QUuid>

#include <csignal>

namespace {
const QString etcdBinary = QStringLiteral("/usr/bin/etcd");
const QString etcdctlBinary = QStringLiteral("/usr/bin/etcdctl");

// One POST or GET to etcd, answered within timeoutMs; the body, or nothing.
std::optional<QByteArray> ask(const QUrl &url, const QByteArray &postBody, int timeoutMs)
{
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply(postBody.isNull() ? network.get(request) : network.post(request, postBody));
    if (!QTest::qWaitFor([&] { return reply->isFinished(); }, timeoutMs + 1000) || reply->error() != QNetworkReply::NoError)
        return std::nullopt;
    return reply->readAll();
}
}

EtcdProcess::EtcdProcess(int members)
    : m_token {QUuid::createUuid().toString(QUuid::Id128)}
{
    QSet<quint16> taken;
    const auto pick = [&taken] {
        quint16 port = 0;
        do {
            port = freePort();
        } while (port == 0 || taken.contains(port));
        taken.insert(port);
        return port;
    };
    for (int i = 0; i < members; ++i) {
        Member member;
        member.name = QStringLiteral("m%1").arg(i);
        member.clientPort = pick();
        member.peerPort = pick();
        m_members.push_back(std::move(member));
    }
}

EtcdProcess::~EtcdProcess()
{
    stop();
}

quint16 EtcdProcess::freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

QUrl EtcdProcess::clientUrl(int member) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_members.at(member).clientPort));
}

QList<QUrl> EtcdProcess::endpoints() const
{
    QList<QUrl> urls;
    for (int i = 0; i < int(m_members.size()); ++i)
        urls.append(clientUrl(i));
    return urls;
}

QString EtcdProcess::storeSpec() const
{
    QStringList hosts;
    for (const Member &member : m_members)
        hosts.append(QStringLiteral("127.0.0.1:%1").arg(member.clientPort));
    return QStringLiteral("etcd://") + hosts.join(u',');
}

bool EtcdProcess::start()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory for etcd's data");
        return false;
    }
    for (int i = 0; i < int(m_members.size()); ++i) {
        if (!startMember(i))
            return false;
    }
    for (int i = 0; i < int(m_members.size()); ++i) {
        if (!waitHealthy(i))
            return false;
    }
    return true;
}

bool EtcdProcess::startMember(int index)
{
    if (!QFileInfo(etcdBinary).isExecutable()) {
        m_error = QStringLiteral("%1 is missing: install Debian's etcd-server (installer/install-deps.sh)").arg(etcdBinary);
        return false;
    }
    Member &member = m_members[index];
    QStringList cluster;
    for (const Member &each : std::as_const(m_members))
        cluster.append(QStringLiteral("%1=http://127.0.0.1:%2").arg(each.name).arg(each.peerPort));
    const QString client = QStringLiteral("http://127.0.0.1:%1").arg(member.clientPort);
    const QString peer = QStringLiteral("http://127.0.0.1:%1").arg(member.peerPort);
    const QStringList arguments {
        QStringLiteral("--name"), member.name,
        QStringLiteral("--data-dir"), m_dir.filePath(member.name),
        QStringLiteral("--listen-client-urls"), client,
        QStringLiteral("--advertise-client-urls"), client,
        QStringLiteral("--listen-peer-urls"), peer,
        QStringLiteral("--initial-advertise-peer-urls"), peer,
        QStringLiteral("--initial-cluster"), cluster.join(u','),
        QStringLiteral("--initial-cluster-token"), m_token,
        QStringLiteral("--initial-cluster-state"), QStringLiteral("new"),
        QStringLiteral("--log-level"), QStringLiteral("error"),
    };
    member.process = std::make_unique<QProcess>();
    member.process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    member.process->setStandardOutputFile(QProcess::nullDevice());
    member.process->start(etcdBinary, arguments);
    if (!member.process->waitForStarted(5000)) {
        m_error = QStringLiteral("etcd did not start: %1").arg(member.process->errorString());
        return false;
    }
    // A restarted single member is healthy on its own; the first start of a cluster waits for all.
    if (member.everStarted || m_members.size() == 1) {
        member.everStarted = true;
        return waitHealthy(index);
    }
    member.everStarted = true;
    return true;
}

bool EtcdProcess::waitHealthy(int index)
{
    const QUrl health = clientUrl(index).resolved(QUrl(QStringLiteral("/health")));
    const bool healthy = QTest::qWaitFor([&] {
        const auto body = ask(health, QByteArray(), 1000);
        return body && QJsonDocument::fromJson(*body).object().value(u"health").toString() == u"true";
    }, startTimeoutMs);
    if (!healthy)
        m_error = QStringLiteral("etcd member %1 (%2) did not become healthy").arg(index).arg(clientUrl(index).toString());
    return healthy;
}

void EtcdProcess::stopMember(int index)
{
    Member &member = m_members[index];
    if (!member.process || member.process->state() == QProcess::NotRunning)
        return;
    member.process->terminate();
    if (!member.process->waitForFinished(5000)) {
        member.process->kill();
        member.process->waitForFinished(5000);
    }
}

void EtcdProcess::stop()
{
    for (int i = 0; i < int(m_members.size()); ++i) {
        resumeMember(i);
        stopMember(i);
    }
}

void EtcdProcess::pauseMember(int index)
{
    if (const auto &process = m_members.at(index).process; process && process->state() == QProcess::Running)
        ::kill(pid_t(process->processId()), SIGSTOP);
}

void EtcdProcess::resumeMember(int index)
{
    if (const auto &process = m_members.at(index).process; process && process->state() == QProcess::Running)
        ::kill(pid_t(process->processId()), SIGCONT);
}

QByteArray EtcdProcess::etcdctl(const QStringList &arguments, bool *ok) const
{
    QStringList endpointList;
    for (const QUrl &url : endpoints())
        endpointList.append(url.toString());
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("ETCDCTL_API"), QStringLiteral("3"));
    process.setProcessEnvironment(environment);
    process.start(etcdctlBinary, QStringList {QStringLiteral("--endpoints=") + endpointList.join(u',')} + arguments);
    const bool finished = process.waitForFinished(10000);
    if (ok)
        *ok = finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    return process.readAllStandardOutput();
}

qint64 EtcdProcess::revision() const
{
    for (const QUrl &endpoint : endpoints()) {
        const QByteArray range = QJsonDocument(QJsonObject {{QStringLiteral("key"), QStringLiteral("AA==")}})
                                     .toJson(QJsonDocument::Compact);
        if (const auto body = ask(endpoint.resolved(QUrl(QStringLiteral("/v3/kv/range"))), range, 2000)) {
            const QJsonValue revision = QJsonDocument::fromJson(*body).object().value(u"header")[u"revision"];
            if (revision.isString())
                return revision.toString().toLongLong();
        }
    }
    return 0;
}
