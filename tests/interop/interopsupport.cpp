// SPDX-License-Identifier: GPL-3.0-or-later
#include "interopsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

namespace Interop {

QString musterBinary() { return QStringLiteral(MUSTER_BIN); }
QString eurekaServerJar() { return QStringLiteral(INTEROP_OUT "/maven/eureka-server/eureka-server.jar"); }
QString eurekaClientJar() { return QStringLiteral(INTEROP_OUT "/maven/eureka-client/eureka-client.jar"); }
QString serviceCombClientJar()
{
    return QStringLiteral(INTEROP_OUT "/maven/servicecomb-client/servicecomb-client.jar");
}
QString scDriverBinary() { return QStringLiteral(INTEROP_OUT "/scdriver"); }
QString javaBinary() { return QStringLiteral(INTEROP_JAVA); }

QString logDirectory()
{
    const QString dir = QStringLiteral(INTEROP_OUT "/logs/") + QCoreApplication::applicationName();
    QDir().mkpath(dir);
    return dir;
}

quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

// ---------------------------------------------------------------------------------------------------

QJsonObject Reply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QJsonArray Reply::jsonArray() const
{
    return QJsonDocument::fromJson(body).array();
}

QString Reply::describe() const
{
    if (status == 0)
        return u"no answer (%1)"_s.arg(error);
    return u"HTTP %1 %2"_s.arg(status).arg(QString::fromUtf8(body.left(600)));
}

Http::Http()
    : m_manager {std::make_unique<QNetworkAccessManager>()}
{
    m_manager->setProxy(QNetworkProxy::NoProxy);
}

Http::~Http() = default;

Reply Http::get(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    return send("GET", url, {}, headers);
}

Reply Http::put(const QUrl &url, const QByteArray &body, const QByteArray &contentType)
{
    if (contentType.isEmpty())
        return send("PUT", url, body, {});
    return send("PUT", url, body, {{"Content-Type", contentType}});
}

Reply Http::post(const QUrl &url, const QByteArray &body, const QByteArray &contentType)
{
    return send("POST", url, body, {{"Content-Type", contentType}});
}

Reply Http::del(const QUrl &url)
{
    return send("DELETE", url, {}, {});
}

Reply Http::send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                 const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(10'000);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QPointer<QNetworkReply> reply = m_manager->sendCustomRequest(request, verb, body);
    Reply result;
    if (!QTest::qWaitFor([&] { return reply && reply->isFinished(); }, 15'000)) {
        result.error = u"no answer within 15 s"_s;
        if (reply) {
            reply->abort();
            reply->deleteLater();
        }
        return result;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        result.headers.insert(name.toLower(), value);
    if (result.status == 0)
        result.error = reply->errorString();
    reply->deleteLater();
    return result;
}

// ---------------------------------------------------------------------------------------------------

LoggedProcess::LoggedProcess(QString name)
    : m_name {std::move(name)}
    , m_logPath {logDirectory() + u'/' + m_name + u".log"_s}
{
    QFile::remove(m_logPath);
}

LoggedProcess::~LoggedProcess()
{
    if (isRunning() && !stop(15'000))
        kill();
}

void LoggedProcess::start(const QString &program, const QStringList &arguments,
                          const QHash<QString, QString> &environment)
{
    if (isRunning())
        kill();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        env.insert(it.key(), it.value());
    m_process->setProcessEnvironment(env);
    QObject::connect(m_process.get(), &QProcess::readyRead, m_process.get(), [this] { read(); });
    m_partial.clear();
    const QString marker = u"--- start %1 %2\n"_s.arg(program, arguments.join(u' '));
    m_output += marker;
    m_runStart = m_output.size();
    QFile log(m_logPath);
    if (log.open(QIODevice::Append))
        log.write(marker.toUtf8());
    m_process->start(program, arguments);
    m_process->waitForStarted(10'000);
}

void LoggedProcess::read()
{
    const QByteArray data = m_process->readAll();
    if (data.isEmpty())
        return;
    QFile log(m_logPath);
    if (log.open(QIODevice::Append))
        log.write(data);
    m_output += QString::fromUtf8(data);
    m_partial += data;
    qsizetype newline;
    while ((newline = m_partial.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_partial.left(newline));
        m_partial.remove(0, newline + 1);
        if (m_lineHandler)
            m_lineHandler(line);
    }
}

bool LoggedProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 LoggedProcess::pid() const
{
    return m_process ? m_process->processId() : 0;
}

QRegularExpressionMatch LoggedProcess::waitForLine(const QRegularExpression &pattern, int timeoutMs)
{
    QRegularExpressionMatch match;
    (void) QTest::qWaitFor([&] {
        if (m_process)
            read();
        match = pattern.match(currentRunOutput());
        return match.hasMatch() || !isRunning();
    }, timeoutMs);
    if (!match.hasMatch())
        match = pattern.match(currentRunOutput());
    return match;
}

QString LoggedProcess::tail(int lines) const
{
    const QStringList all = m_output.split(u'\n');
    return u"--- last lines of %1:\n"_s.arg(m_name) + all.mid(qMax(0, all.size() - lines)).join(u'\n');
}

bool LoggedProcess::waitForExit(int timeoutMs)
{
    if (!m_process)
        return true;
    const bool exited = QTest::qWaitFor([&] { return m_process->state() == QProcess::NotRunning; }, timeoutMs);
    read();
    if (exited) {
        const QString marker = u"--- exit %1\n"_s.arg(m_process->exitCode());
        m_output += marker;
        QFile log(m_logPath);
        if (log.open(QIODevice::Append))
            log.write(marker.toUtf8());
    }
    return exited;
}

bool LoggedProcess::stop(int timeoutMs)
{
    if (!isRunning())
        return true;
    m_process->terminate();
    if (waitForExit(timeoutMs))
        return true;
    kill();
    return false;
}

void LoggedProcess::kill()
{
    if (!isRunning())
        return;
    ::kill(pid_t(m_process->processId()), SIGKILL);
    waitForExit(10'000);
}

int LoggedProcess::exitCode() const
{
    return m_process ? m_process->exitCode() : -1;
}

void LoggedProcess::writeLine(const QByteArray &line)
{
    if (m_process) {
        m_process->write(line + '\n');
        m_process->waitForBytesWritten(1000);
    }
}

// ---------------------------------------------------------------------------------------------------

MusterNode::MusterNode(QString name)
    : m_name {std::move(name)}
    , m_process {m_name}
{
}

bool MusterNode::addAccount(const QString &name, const QString &role, const QString &password)
{
    QProcess account;
    account.start(musterBinary(), {u"account"_s, u"add"_s, name, u"--role"_s, role, u"--data-dir"_s, m_dataDir.path()});
    account.write(password.toUtf8() + '\n');
    account.closeWriteChannel();
    return account.waitForFinished(30'000) && account.exitStatus() == QProcess::NormalExit && account.exitCode() == 0;
}

bool MusterNode::start(quint16 port, const QStringList &extraArguments)
{
    m_arguments = {u"--headless"_s, u"--port"_s, QString::number(port), u"--bind"_s, u"127.0.0.1"_s,
                   u"--name"_s, m_name, u"--data-dir"_s, m_dataDir.path()};
    m_arguments += extraArguments;
    m_process.start(musterBinary(), m_arguments, {{u"QT_LOGGING_RULES"_s, u"muster.http.debug=true"_s}});
    static const QRegularExpression listening(u"listening on http://127\\.0\\.0\\.1:(\\d+)/eureka/"_s);
    const QRegularExpressionMatch match = m_process.waitForLine(listening, 20'000);
    if (!match.hasMatch())
        return false;
    m_port = match.captured(1).toUShort();
    return true;
}

QString MusterNode::base() const
{
    return u"http://127.0.0.1:%1"_s.arg(m_port);
}

QString MusterNode::eurekaUrl() const
{
    return base() + u"/eureka/"_s;
}

// ---------------------------------------------------------------------------------------------------

SpringProcess::SpringProcess(QString name, QString jar, QString startedPattern)
    : m_jar {std::move(jar)}
    , m_startedPattern {std::move(startedPattern)}
    , m_process {std::move(name)}
{
}

bool SpringProcess::start(quint16 port, const QStringList &properties, int timeoutMs)
{
    launch(port, properties);
    return waitUntilStarted(timeoutMs);
}

bool SpringProcess::waitUntilStarted(int timeoutMs)
{
    const QRegularExpression started(m_startedPattern);
    return m_process.waitForLine(started, timeoutMs).hasMatch();
}

void SpringProcess::launch(quint16 port, const QStringList &properties)
{
    m_port = port;
    m_properties = properties;
    // Quick starts on two shared cores: the C1 compiler only, a small serial heap.
    QStringList arguments {u"-XX:TieredStopAtLevel=1"_s, u"-XX:+UseSerialGC"_s, u"-Xmx256m"_s, u"-Xss512k"_s,
                           u"-Djava.net.preferIPv4Stack=true"_s, u"-jar"_s, m_jar,
                           u"--server.port=%1"_s.arg(port), u"--server.address=127.0.0.1"_s};
    arguments += properties;
    m_process.start(javaBinary(), arguments);
}

QUrl SpringProcess::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path));
}

SpringService::SpringService(const QString &app, const QString &instanceId)
    : SpringProcess(instanceId, eurekaClientJar(), u"Started InteropClientApplication in"_s)
    , m_app {app}
    , m_instanceId {instanceId}
{
}

bool SpringService::start(const QStringList &eurekaUrls, const QStringList &extraProperties)
{
    launch(eurekaUrls, extraProperties);
    return waitUntilStarted();
}

void SpringService::launch(const QStringList &eurekaUrls, const QStringList &extraProperties)
{
    QStringList properties {u"--spring.application.name=%1"_s.arg(m_app),
                            u"--eureka.instance.instance-id=%1"_s.arg(m_instanceId),
                            u"--eureka.client.service-url.defaultZone=%1"_s.arg(eurekaUrls.join(u',')),
                            u"--logging.level.org.apache.hc.client5.http.headers=DEBUG"_s};
    properties += extraProperties;
    const quint16 p = port() ? port() : freePort();
    SpringProcess::launch(p, properties);
}

EurekaServer::EurekaServer(const QString &name)
    : SpringProcess(name, eurekaServerJar(), u"Started EurekaServerApplication in"_s)
{
}

QStringList EurekaServer::propertiesFor(quint16 port, const QStringList &peerUrls) const
{
    // my-url: the peers are on 127.0.0.1 too, so the host name alone cannot tell this server apart.
    QStringList properties {u"--eureka.server.my-url=http://127.0.0.1:%1/eureka/"_s.arg(port)};
    if (!peerUrls.isEmpty()) {
        properties << u"--eureka.client.register-with-eureka=true"_s << u"--eureka.client.fetch-registry=true"_s
                   << u"--eureka.client.service-url.defaultZone=%1"_s.arg(peerUrls.join(u','));
    }
    return properties;
}

bool EurekaServer::start(quint16 port, const QStringList &peerUrls)
{
    m_eurekaPort = port;
    return SpringProcess::start(port, propertiesFor(port, peerUrls));
}

void EurekaServer::launchAsPeerOf(const QStringList &peerUrls)
{
    SpringProcess::launch(m_eurekaPort, propertiesFor(m_eurekaPort, peerUrls));
}

QString EurekaServer::eurekaUrl() const
{
    return u"http://127.0.0.1:%1/eureka/"_s.arg(port());
}

// ---------------------------------------------------------------------------------------------------

ScDriver::ScDriver(const QString &name)
    : m_process {name}
{
    m_process.setLineHandler([this](const QString &line) {
        if (!line.startsWith(u'{'))
            return;
        const QJsonObject object = QJsonDocument::fromJson(line.toUtf8()).object();
        const QString type = object.value(u"type"_s).toString();
        if (type == u"reply"_s)
            m_replies.append(object);
        else if (type == u"event"_s)
            m_events.append(object);
        else if (type == u"ready"_s)
            m_ready = true;
    });
}

bool ScDriver::start(quint16 registryPort, const QString &account, const QString &password)
{
    m_ready = false;
    m_replies.clear();
    m_events.clear();
    QStringList arguments {u"-registry"_s, u"127.0.0.1:%1"_s.arg(registryPort)};
    if (!account.isEmpty())
        arguments += {u"-user"_s, account, u"-password"_s, password};
    m_process.start(scDriverBinary(), arguments);
    return QTest::qWaitFor([this] { return m_ready || !m_process.isRunning(); }, 20'000) && m_ready;
}

QJsonObject ScDriver::command(const QString &line, int timeoutMs)
{
    const qsizetype before = m_replies.size();
    m_process.writeLine(line.toUtf8());
    if (!QTest::qWaitFor([&] { return m_replies.size() > before || !m_process.isRunning(); }, timeoutMs)
        || m_replies.size() <= before) {
        return {{u"ok"_s, false}, {u"error"_s, u"no reply to '%1'"_s.arg(line)}};
    }
    return m_replies.at(before);
}

bool ScDriver::stop()
{
    if (!m_process.isRunning())
        return true;
    m_process.writeLine("quit");
    if (m_process.waitForExit(5'000))
        return true;
    return m_process.stop();
}

// ---------------------------------------------------------------------------------------------------

QJsonArray applications(const QJsonObject &applicationsDocument)
{
    return applicationsDocument.value(u"applications"_s).toObject().value(u"application"_s).toArray();
}

QJsonArray instancesOf(const QJsonObject &applicationsDocument, const QString &app)
{
    for (const QJsonValue &application : applications(applicationsDocument)) {
        if (application.toObject().value(u"name"_s).toString() == app)
            return application.toObject().value(u"instance"_s).toArray();
    }
    return {};
}

QJsonObject findInstance(const QJsonObject &applicationsDocument, const QString &app, const QString &instanceId)
{
    for (const QJsonValue &instance : instancesOf(applicationsDocument, app)) {
        if (instance.toObject().value(u"instanceId"_s).toString() == instanceId)
            return instance.toObject();
    }
    return {};
}

QList<QJsonObject> instancesWithId(const QJsonObject &applicationsDocument, const QString &instanceId)
{
    QList<QJsonObject> found;
    for (const QJsonValue &application : applications(applicationsDocument)) {
        for (const QJsonValue &instance : application.toObject().value(u"instance"_s).toArray()) {
            if (instance.toObject().value(u"instanceId"_s).toString() == instanceId)
                found.append(instance.toObject());
        }
    }
    return found;
}

QByteArray eurekaInstanceJson(const QString &app, const QString &id, int durationSecs)
{
    const QJsonObject instance {
        {u"instanceId"_s, id},
        {u"hostName"_s, QString(u"host-"_s + id)},
        {u"app"_s, app},
        {u"ipAddr"_s, u"127.0.0.1"_s},
        {u"status"_s, u"UP"_s},
        {u"port"_s, QJsonObject {{u"$"_s, 8080}, {u"@enabled"_s, u"true"_s}}},
        {u"securePort"_s, QJsonObject {{u"$"_s, 443}, {u"@enabled"_s, u"false"_s}}},
        {u"vipAddress"_s, app.toLower()},
        {u"dataCenterInfo"_s, QJsonObject {{u"@class"_s, u"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"_s},
                                          {u"name"_s, u"MyOwn"_s}}},
        {u"leaseInfo"_s, QJsonObject {{u"renewalIntervalInSecs"_s, 1}, {u"durationInSecs"_s, durationSecs}}},
    };
    return QJsonDocument(QJsonObject {{u"instance"_s, instance}}).toJson(QJsonDocument::Compact);
}

QJsonObject bridgeState(Http &http, const MusterNode &node, const QString &url)
{
    const Reply reply = http.getJson(node.url(u"/muster/api/v1/bridges"_s));
    for (const QJsonValue &bridge : reply.json().value(u"bridges"_s).toArray()) {
        if (bridge.toObject().value(u"url"_s).toString() == url)
            return bridge.toObject();
    }
    return {};
}

QList<QJsonObject> musterInstances(Http &http, const MusterNode &node, const QString &instanceId)
{
    const Reply reply = http.getJson(node.url(u"/muster/api/v1/replication/snapshot"_s));
    QList<QJsonObject> found;
    for (const QJsonValue &instance : reply.json().value(u"instances"_s).toArray()) {
        if (instance.toObject().value(u"instanceId"_s).toString() == instanceId)
            found.append(instance.toObject());
    }
    return found;
}

QList<Exchange> exchangesInLog(const QString &log)
{
    static const QRegularExpression line(u"http-outgoing-(\\d+) (>>|<<) (.*)$"_s,
                                         QRegularExpression::MultilineOption);
    static const QRegularExpression requestLine(u"^(GET|PUT|POST|DELETE) (\\S+) HTTP/"_s);
    static const QRegularExpression statusLine(u"^HTTP/1\\.1 (\\d+)"_s);
    QList<Exchange> exchanges;
    QHash<QString, qsizetype> current;     // connection → index of its latest request
    for (auto it = line.globalMatch(log); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString connection = m.captured(1);
        const bool outgoing = m.captured(2) == u">>"_s;
        const QString text = m.captured(3).trimmed();
        if (outgoing) {
            const QRegularExpressionMatch request = requestLine.match(text);
            if (request.hasMatch()) {
                exchanges.append({request.captured(1), request.captured(2), {}, {}, 0, {}});
                current.insert(connection, exchanges.size() - 1);
                continue;
            }
        }
        if (!current.contains(connection))
            continue;
        Exchange &exchange = exchanges[current.value(connection)];
        const qsizetype colon = text.indexOf(u':');
        const QString name = colon > 0 ? text.left(colon).toLower() : QString();
        const QString value = colon > 0 ? text.mid(colon + 1).trimmed() : QString();
        if (outgoing && name == u"accept-encoding"_s)
            exchange.acceptEncoding = value;
        else if (outgoing && name == u"accept"_s)
            exchange.accept = value;
        else if (!outgoing && statusLine.match(text).hasMatch())
            exchange.status = statusLine.match(text).captured(1).toInt();
        else if (!outgoing && name == u"content-encoding"_s)
            exchange.contentEncoding = value;
    }
    for (const qsizetype latest : std::as_const(current))
        exchanges[latest].inFlight = exchanges[latest].status == 0;
    return exchanges;
}

} // namespace Interop
