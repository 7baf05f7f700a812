// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eurekatestnode.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTest>
#include <QUrl>

#include <optional>

// Fails the test unless reply is a Service-Center business error (contract servicecomb.md §1.2):
// HTTP status == code / 1000, Content-Type "application/json; charset=UTF-8", a JSON object body
// whose errorCode is the string code, a non-empty errorMessage string and, when present, a string
// detail. An empty code accepts any error code whose status matches the HTTP status.
#define QVERIFY_SC_ERROR(reply, code) \
    do { \
        const HttpReply scErrorReply_ = (reply); /* once: reply may be a request */ \
        const QByteArray scErrorWhy_ = ScTestNode::errorMismatch(scErrorReply_, QByteArray(code)); \
        QVERIFY2(scErrorWhy_.isEmpty(), scErrorWhy_.constData()); \
    } while (false)

// Fails the test unless reply is a successful write: 200 and an empty body (contract §0.8, §1.2).
#define QVERIFY_SC_EMPTY_OK(reply) \
    do { \
        const HttpReply scEmptyReply_ = (reply); \
        QVERIFY2(scEmptyReply_.status == 200 && scEmptyReply_.body.isEmpty(), \
                 QByteArray("expected HTTP 200 with an empty body, got " + scEmptyReply_.describe()).constData()); \
    } while (false)

// Fails the test unless reply is 200 with Content-Type "application/json; charset=UTF-8" and a JSON
// object body (contract §1.1).
#define QVERIFY_SC_JSON(reply) \
    do { \
        const HttpReply scJsonReply_ = (reply); \
        const QByteArray scJsonWhy_ = ScTestNode::jsonMismatch(scJsonReply_); \
        QVERIFY2(scJsonWhy_.isEmpty(), scJsonWhy_.constData()); \
    } while (false)

// Declares const QString var = expr, where expr is an ScTestNode helper that returns an id, and fails
// the test with the helper's failed reply when the id is empty.
#define SC_REQUIRE_ID(var, expr) \
    const QString var = (expr); \
    QVERIFY2(!var.isEmpty(), ScTestNode::lastFailure().constData())

// Runs a test helper that verifies with QVERIFY and returns from the test if it failed (a failed
// test must not go on: QTest no longer spins event loops for it, so later requests get no answer).
#define SC_CALL(helperCall) \
    do { \
        helperCall; \
        if (QTest::currentTestFailed()) \
            return; \
    } while (false)

// A real node (EurekaTestNode) and the ways the Service-Center tests talk to it: /v4 requests with
// the headers real clients send, fixtures from the contract, and readers for the answers.
class ScTestNode : public EurekaTestNode
{
public:
    static const QByteArray jsonContentType;   // application/json; charset=UTF-8

    static NodeConfig defaultConfig();
    // Short leases: push intervals and times are not raised (minimum interval 1 s, times 0), so
    // interval 1 times 1 gives a 2 s TTL; pings on both websockets every pingMs.
    static NodeConfig shortLeaseConfig(int pingMs = 200);
    explicit ScTestNode(NodeConfig config = defaultConfig());

    // /v4/{project}/registry + rest.
    static QString registryPath(const QString &rest, const QString &project = QStringLiteral("default"));
    // ws://127.0.0.1:port + pathAndQuery.
    QUrl wsUrl(const QString &pathAndQuery) const;

    // Adds X-Domain-Name: default (unless headers name a domain) and, with a body, Content-Type: application/json.
    HttpReply scSend(const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body = {},
                     const HttpHeaders &headers = {});
    HttpReply scGet(const QString &pathAndQuery, const HttpHeaders &headers = {});
    HttpReply scPost(const QString &pathAndQuery, const QJsonObject &body, const HttpHeaders &headers = {});
    HttpReply scPut(const QString &pathAndQuery, const QJsonObject &body = {}, const HttpHeaders &headers = {});
    HttpReply scDelete(const QString &pathAndQuery, const HttpHeaders &headers = {});
    static HttpHeaders consumer(const QString &consumerId);   // {X-ConsumerId: id}

    // A service as POST /microservices takes it; environment is left out when empty.
    static QJsonObject serviceFixture(const QString &name, const QString &appId = QStringLiteral("default"),
                                      const QString &version = QStringLiteral("0.0.1"),
                                      const QString &environment = {});
    // An instance as POST …/instances takes it: hostName and one endpoint.
    static QJsonObject instanceFixture(const QString &hostName = QStringLiteral("h1"),
                                       const QString &endpoint = QStringLiteral("rest://127.0.0.1:8080"));
    // The same with healthCheck {push, interval, times}.
    static QJsonObject instanceFixture(const QString &hostName, int interval, int times);

    // POST /microservices {"service": service}: the serviceId, or empty (see lastFailure()).
    QString createService(const QJsonObject &service, const QString &project = QStringLiteral("default"));
    // Shorthand: createService(serviceFixture(name, appId, version, environment)).
    QString createService(const QString &name, const QString &appId = QStringLiteral("default"),
                          const QString &version = QStringLiteral("0.0.1"), const QString &environment = {});
    // POST /microservices/{serviceId}/instances {"instance": instance}: the instanceId, or empty.
    QString registerInstance(const QString &serviceId, const QJsonObject &instance = instanceFixture());
    // The "service" / "instance" object of a GET, or nothing unless it answered 200.
    std::optional<QJsonObject> service(const QString &serviceId);
    std::optional<QJsonObject> scInstance(const QString &serviceId, const QString &instanceId);
    HttpReply getInstance(const QString &serviceId, const QString &instanceId);
    HttpReply heartbeat(const QString &serviceId, const QString &instanceId);
    HttpReply setStatus(const QString &serviceId, const QString &instanceId, const QString &status);
    HttpReply unregister(const QString &serviceId, const QString &instanceId);
    // GET /v4/default/registry/instances?appId=…&serviceName=…[&extraQuery], with X-ConsumerId when given.
    HttpReply find(const QString &appId, const QString &serviceName, const QString &consumerId = {},
                   const QString &extraQuery = {});
    // The failed reply behind the last empty id from createService/registerInstance, for messages.
    static QByteArray lastFailure();

    // sha1_hex("/cse-sr/ms/indexes/{domain}/{project}/{env}/{appId}/{serviceName}/{version}") (§1.3).
    static QString expectedServiceId(const QString &appId, const QString &serviceName, const QString &version,
                                     const QString &environment = {}, const QString &domainProject =
                                                                          QStringLiteral("default/default"));
    // The instanceIds in an "instances" array, sorted.
    static QStringList instanceIds(const QJsonArray &instances);
    // The "instances" array of a reply body (empty for "{}").
    static QJsonArray instancesOf(const HttpReply &reply);
    static std::optional<QJsonObject> findById(const QJsonArray &items, const QString &key, const QString &value);
    static bool isHex(const QString &text, int length);
    // A string of Unix seconds within five minutes of now (contract §1.3).
    static bool isRecentSecondsString(const QJsonValue &value);
    static QJsonObject healthCheck(const QString &mode, int interval, int times);

    // Empty when reply is the expected error / a JSON 200; otherwise why not, for QVERIFY2.
    static QByteArray errorMismatch(const HttpReply &reply, const QByteArray &code);
    static QByteArray jsonMismatch(const HttpReply &reply);

private:
    static void setLastFailure(const QByteArray &what, const HttpReply &reply);
};
