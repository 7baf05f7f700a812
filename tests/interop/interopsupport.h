// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the interop tests share: the programs they drive (muster, the Spring Boot jars built by the
// interop.build fixture, ServiceComb's Java client, the go-chassis driver), each as a process on 127.0.0.1 whose output is kept
// in a log file under the build directory, and a small HTTP helper. Nothing here links Muster's
// libraries: the tests see Muster only as its users do, over HTTP and as a process.

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace Interop {

// Where the built programs are (compile definitions set by tests/interop/CMakeLists.txt).
QString musterBinary();
QString eurekaServerJar();
QString eurekaClientJar();
QString serviceCombClientJar();   // ServiceComb's Java Service-Center client, tests/interop/servicecomb-client
QString scDriverBinary();
QString javaBinary();
QString logDirectory();          // one file per process started by a test

// A loopback port that was free a moment ago (bound to port 0 and released).
quint16 freePort();

struct Reply
{
    int status = 0;                        // 0: no answer (connection refused, timeout)
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QString error;

    QJsonObject json() const;
    QJsonArray jsonArray() const;
    QString describe() const;
};

// Blocking HTTP on the test's thread (the event loop keeps running while it waits), no proxy.
class Http
{
public:
    Http();
    ~Http();

    Reply get(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    Reply sendWith(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                   const QList<std::pair<QByteArray, QByteArray>> &headers)
    {
        return send(verb, url, body, headers);
    }
    Reply getJson(const QUrl &url) { return get(url, {{"Accept", "application/json"}}); }
    Reply put(const QUrl &url, const QByteArray &body = {}, const QByteArray &contentType = {});
    Reply post(const QUrl &url, const QByteArray &body, const QByteArray &contentType = "application/json");
    Reply del(const QUrl &url);

private:
    Reply send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
               const QList<std::pair<QByteArray, QByteArray>> &headers);

    std::unique_ptr<QNetworkAccessManager> m_manager;
};

// A child process whose output (stdout and stderr merged) goes to <logDirectory>/<name>.log and is
// kept in memory for waiting on lines and for failure messages. stop() sends SIGTERM and waits,
// kill() sends SIGKILL; the destructor stops a process that still runs.
class LoggedProcess
{
public:
    explicit LoggedProcess(QString name);
    ~LoggedProcess();
    LoggedProcess(const LoggedProcess &) = delete;
    LoggedProcess &operator=(const LoggedProcess &) = delete;

    void start(const QString &program, const QStringList &arguments,
               const QHash<QString, QString> &environment = {});
    bool isRunning() const;
    qint64 pid() const;
    QString name() const { return m_name; }

    // Waits until the output has a line matching pattern (from the start of the current run), or the
    // process ends, or the timeout. Returns the first match, or an invalid match.
    QRegularExpressionMatch waitForLine(const QRegularExpression &pattern, int timeoutMs);
    QString output() const { return m_output; }          // every run, with start/exit markers
    QString currentRunOutput() const { return m_output.mid(m_runStart); }
    QString tail(int lines = 40) const;

    bool stop(int timeoutMs = 30'000);
    void kill();
    bool waitForExit(int timeoutMs);
    int exitCode() const;

    // Writes one line to the process's stdin.
    void writeLine(const QByteArray &line);
    // Invoked for every complete output line as it arrives.
    void setLineHandler(std::function<void(const QString &)> handler) { m_lineHandler = std::move(handler); }

private:
    void read();

    QString m_name;
    std::unique_ptr<QProcess> m_process;
    QString m_output;
    qsizetype m_runStart = 0;
    QByteArray m_partial;
    QString m_logPath;
    std::function<void(const QString &)> m_lineHandler;
};

// muster --headless on 127.0.0.1 with short intervals, its own data directory, HTTP request logging on.
class MusterNode
{
public:
    explicit MusterNode(QString name);

    // Starts on port (0: a free one, learnt from the "listening on" line); false if it did not.
    bool start(quint16 port = 0, const QStringList &extraArguments = {});
    bool stop() { return m_process.stop(); }
    void kill() { m_process.kill(); }
    bool isRunning() const { return m_process.isRunning(); }

    quint16 port() const { return m_port; }
    QString base() const;                      // http://127.0.0.1:PORT
    QString eurekaUrl() const;                 // http://127.0.0.1:PORT/eureka/
    QUrl url(const QString &path) const { return QUrl(base() + path); }
    LoggedProcess &process() { return m_process; }
    QString dataDirectory() const { return m_dataDir.path(); }
    // `muster account add name --role role` in the node's data directory, the password on stdin.
    bool addAccount(const QString &name, const QString &role, const QString &password);

private:
    QString m_name;
    LoggedProcess m_process;
    QTemporaryDir m_dataDir;
    quint16 m_port = 0;
    QStringList m_arguments;
};

// A JVM running one of the Spring Boot jars with JVM options for quick starts on a small machine.
class SpringProcess
{
public:
    SpringProcess(QString name, QString jar, QString startedPattern);

    // Starts with these --key=value properties and waits for Spring Boot's "Started" line; launch()
    // and waitUntilStarted() do the same in two steps, so that several JVMs start side by side.
    bool start(quint16 port, const QStringList &properties, int timeoutMs = 120'000);
    void launch(quint16 port, const QStringList &properties);
    bool waitUntilStarted(int timeoutMs = 120'000);
    bool stop(int timeoutMs = 30'000) { return m_process.stop(timeoutMs); }
    void kill() { m_process.kill(); }
    bool isRunning() const { return m_process.isRunning(); }

    quint16 port() const { return m_port; }
    QUrl url(const QString &path) const;
    LoggedProcess &process() { return m_process; }

private:
    QString m_jar;
    QString m_startedPattern;
    LoggedProcess m_process;
    quint16 m_port = 0;
    QStringList m_properties;
};

// The Spring Boot service with the Eureka client (tests/interop/eureka-client): app name, instance
// id and the Eureka service URLs it registers with.
class SpringService : public SpringProcess
{
public:
    SpringService(const QString &app, const QString &instanceId);

    bool start(const QStringList &eurekaUrls, const QStringList &extraProperties = {});
    void launch(const QStringList &eurekaUrls, const QStringList &extraProperties = {});
    QString app() const { return m_app; }
    QString instanceId() const { return m_instanceId; }

private:
    QString m_app;
    QString m_instanceId;
};

// The stock Spring Cloud Netflix Eureka server (tests/interop/eureka-server).
class EurekaServer : public SpringProcess
{
public:
    explicit EurekaServer(const QString &name);

    // Alone, or as a peer of the given Eureka service URLs (registering with them and fetching from
    // them, as in Eureka's peer-awareness setup).
    bool start(quint16 port, const QStringList &peerUrls = {});
    // The same in two steps, on the port given to setPort() (or the last one).
    void launchAsPeerOf(const QStringList &peerUrls);
    void setPort(quint16 port) { m_eurekaPort = port; }
    QString eurekaUrl() const;

private:
    QStringList propertiesFor(quint16 port, const QStringList &peerUrls) const;

    quint16 m_eurekaPort = 0;
};

// The go-chassis Service-Center client driver (tests/interop/go): one command per line, one JSON
// reply per command; watch events are collected as they come.
class ScDriver
{
public:
    explicit ScDriver(const QString &name);

    // With an account, the client logs in at POST /v4/token and sends the token (EnableAuth).
    bool start(quint16 registryPort, const QString &account = {}, const QString &password = {});
    QJsonObject command(const QString &line, int timeoutMs = 15'000);
    const QList<QJsonObject> &events() const { return m_events; }
    bool stop();
    LoggedProcess &process() { return m_process; }

private:
    LoggedProcess m_process;
    QList<QJsonObject> m_replies;
    QList<QJsonObject> m_events;
    bool m_ready = false;
};

// Eureka JSON helpers.
QJsonArray applications(const QJsonObject &applicationsDocument);         // root "applications"
QJsonArray instancesOf(const QJsonObject &applicationsDocument, const QString &app);
QJsonObject findInstance(const QJsonObject &applicationsDocument, const QString &app, const QString &instanceId);
// Every instance with this id, under any app.
QList<QJsonObject> instancesWithId(const QJsonObject &applicationsDocument, const QString &instanceId);
// A registration body for POST /eureka/apps/APP: 127.0.0.1:8080, renewals every second.
QByteArray eurekaInstanceJson(const QString &app, const QString &id, int durationSecs);

// A Muster node's bridges (GET /muster/api/v1/bridges): the one to url, or an empty object.
QJsonObject bridgeState(Http &http, const MusterNode &node, const QString &url);
// Every instance a Muster node holds, in Muster's own JSON (the replication snapshot), where "bridge"
// is the URL of the bridge that pulled the instance and empty for the node's own.
QList<QJsonObject> musterInstances(Http &http, const MusterNode &node, const QString &instanceId);

// The Spring client's HTTP exchanges with the registry, read from Apache HttpClient's header log
// (logging.level.org.apache.hc.client5.http.headers=DEBUG): one entry per request, in order.
struct Exchange
{
    QString method;
    QString path;                 // with the query
    QString acceptEncoding;
    QString accept;
    int status = 0;
    QString contentEncoding;
    bool inFlight = false;        // the latest request on its connection, not answered when the log was read
};
QList<Exchange> exchangesInLog(const QString &log);

} // namespace Interop
