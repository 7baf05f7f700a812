// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "node/nodeconfig.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class NodeHandle;
class QTcpSocket;

// Fails the test, showing the status and body received, unless reply answered with the expected status.
#define QVERIFY_STATUS(reply, expected) \
    do { \
        const HttpReply statusCheckedReply_ = (reply); /* once: reply may be a request */ \
        QVERIFY2(statusCheckedReply_.status == (expected), \
                 QByteArray("expected HTTP " + QByteArray::number(expected) + ", got " \
                            + statusCheckedReply_.describe()).constData()); \
    } while (false)

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// One HTTP answer as a test sees it. status is 0 when no answer came (timeout, connection error).
struct HttpReply
{
    int status = 0;
    QByteArray body;
    HttpHeaders headers;

    bool hasHeader(QByteArrayView name) const;
    QByteArray header(QByteArrayView name) const;    // case-insensitive; empty when absent
    QJsonObject json() const;                        // the body as a JSON object, empty if it is not one
    QByteArray describe() const;                     // "HTTP 400 {…}", for failure messages
};

// A real registry node on 127.0.0.1 with a free port, running on its own thread, and the ways the
// Eureka tests talk to it: QNetworkAccessManager for ordinary requests, a raw QTcpSocket where the
// exact bytes matter (HEAD, Expect, missing headers, oversized bodies).
class EurekaTestNode
{
public:
    static constexpr int timeoutMs = 5000;

    static NodeConfig defaultConfig();
    explicit EurekaTestNode(NodeConfig config = defaultConfig());
    ~EurekaTestNode();

    // Starts the node and waits for its started signal.
    bool start();
    quint16 port() const;
    // https://… when the node serves TLS.
    QUrl url(const QString &pathAndQuery) const;
    // How send() verifies an https node (null: the system's CAs).
    void setClientTls(const QSslConfiguration &configuration) { m_clientTls = configuration; }

    // Through QNetworkAccessManager, which adds Accept-Encoding itself and then decodes gzip.
    HttpReply send(const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body = {},
                   const HttpHeaders &headers = {});
    HttpReply get(const QString &pathAndQuery, const QByteArray &accept = "application/json");
    HttpReply put(const QString &pathAndQuery, const HttpHeaders &headers = {});
    HttpReply del(const QString &pathAndQuery, const HttpHeaders &headers = {});
    // POST {prefix}/apps/{pathApp} with {"instance": instance}; pathApp defaults to instance.app.
    HttpReply registerJson(const QJsonObject &instance, const QString &prefix = QStringLiteral("/eureka"),
                           const QString &pathApp = {}, const HttpHeaders &extraHeaders = {});
    HttpReply registerXml(const QByteArray &xml, const QString &pathApp, const QString &prefix = QStringLiteral("/eureka"));

    // The "applications" object of GET {prefix}/apps (JSON), or empty on failure.
    QJsonObject applications(const QString &prefix = QStringLiteral("/eureka"));
    QJsonObject delta(const QString &prefix = QStringLiteral("/eureka"));
    // The instance as GET /eureka/apps/{app}/{id} shows it (JSON), or nothing on a 404.
    std::optional<QJsonObject> instance(const QString &app, const QString &id);
    // GET /muster/api/v1/node.
    QJsonObject nodeStatus();

    // Raw HTTP on a new connection to the node.
    std::unique_ptr<QTcpSocket> openSocket() const;
    // Reads one response from socket; buffer keeps bytes that belong to later responses.
    static HttpReply readReply(QTcpSocket &socket, QByteArray &buffer, bool headRequest = false,
                               int timeoutMs = EurekaTestNode::timeoutMs);
    // Writes request bytes on a new connection and reads one response.
    HttpReply raw(const QByteArray &request, bool headRequest = false);
    // "Host: 127.0.0.1:port\r\n", to build raw requests.
    QByteArray hostHeader() const;

    // A canonical InstanceInfo as the Java client sends it (contract §2.2): app MYAPP, id h1:myapp:8080.
    static QJsonObject instanceFixture(const QString &app = QStringLiteral("MYAPP"),
                                       const QString &id = QStringLiteral("h1:myapp:8080"),
                                       const QString &hostName = QStringLiteral("h1"));
    static QByteArray instanceDocument(const QJsonObject &instance);   // {"instance": …}, compact
    // The instances of every application in an "applications" object, flattened.
    static QJsonArray allInstances(const QJsonObject &applications);
    static std::optional<QJsonObject> findInstance(const QJsonObject &applications, const QString &id);
    static QByteArray gunzip(const QByteArray &data);                   // empty on error
    static QByteArray basicAuthorization(const QString &account, const QString &password);  // "Basic …"
    // The node as the console drives it.
    NodeHandle &handle() const { return *m_handle; }

private:
    std::unique_ptr<NodeHandle> m_handle;
    std::unique_ptr<QNetworkAccessManager> m_network;
    NodeUrl::Scheme m_scheme;
    QSslConfiguration m_clientTls;
};
