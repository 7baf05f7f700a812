// SPDX-License-Identifier: GPL-3.0-or-later
// The clients' side of Service-Center's RBAC, against a stand-in that behaves as a Service-Center
// with RBAC on: it answers POST /v4/token and takes nothing but its latest token. Credentials in the
// URL are exchanged for a token once, requests carry it as a Bearer token, an expired token is
// replaced, and a server without the login route gets HTTP Basic.
#include "client/httpclient.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
class RbacServiceCenter
{
public:
    explicit RbacServiceCenter(bool hasLogin)
    {
        if (hasLogin) {
            m_server.route(u"/v4/token"_s, QHttpServerRequest::Method::Post, [this](const QHttpServerRequest &request) {
                const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
                if (body.value(u"name").toString() != u"app" || body.value(u"password").toString() != u"s3cret")
                    return QHttpServerResponse(QJsonObject {{u"errorCode"_s, u"401202"_s}},
                                               QHttpServerResponder::StatusCode::Unauthorized);
                ++logins;
                return QHttpServerResponse(QJsonObject {{u"token"_s, currentToken()}});
            });
        }
        m_server.route(u"/v4/default/registry/microservices"_s, [this](const QHttpServerRequest &request) {
            const QByteArray authorization = request.value("Authorization");
            seen.append(authorization);
            const bool allowed = authorization == "Bearer " + currentToken().toUtf8()
                || (acceptsBasic && authorization == "Basic " + QByteArray("app:s3cret").toBase64());
            if (!allowed)
                return QHttpServerResponse(QJsonObject {{u"errorCode"_s, u"401201"_s}},
                                           QHttpServerResponder::StatusCode::Unauthorized);
            return QHttpServerResponse(QJsonObject {{u"services"_s, QJsonArray {}}});
        });
        port = m_server.listen(QHostAddress::LocalHost, 0);
    }

    QString currentToken() const { return u"token-%1"_s.arg(generation); }
    QUrl url(const QString &password = u"s3cret"_s) const
    {
        return QUrl(u"http://app:%1@127.0.0.1:%2/v4/default/registry/microservices"_s.arg(password).arg(port));
    }

    int logins = 0;
    int generation = 1;                // a new generation expires every token given before
    bool acceptsBasic = false;
    QList<QByteArray> seen;            // each request's Authorization
    quint16 port = 0;

private:
    QHttpServer m_server;
};

// Sends count requests at once and waits for their answers' statuses.
QList<int> fetch(HttpClient &client, const QUrl &url, int count = 1)
{
    QList<int> statuses;
    for (int i = 0; i < count; ++i)
        client.send("GET", url, [&statuses](const RemoteReply &reply) { statuses.append(reply.status); });
    QTest::qWaitFor([&] { return statuses.size() == count; }, 5000);
    return statuses;
}
}

class TestTokenLogin : public QObject
{
    Q_OBJECT

private slots:
    void credentialsBecomeOneTokenForEveryRequest()
    {
        RbacServiceCenter server(true);
        QVERIFY(server.port);
        HttpClient client;
        client.setTokenLogin(true);
        QCOMPARE(fetch(client, server.url(), 3), (QList<int> {200, 200, 200}));
        QCOMPARE(server.logins, 1);
        QCOMPARE(server.seen, (QList<QByteArray>(3, "Bearer token-1")));
        QCOMPARE(fetch(client, server.url()), QList<int> {200});
        QCOMPARE(server.logins, 1);
    }

    void anExpiredTokenIsReplacedAndTheRequestSentAgain()
    {
        RbacServiceCenter server(true);
        HttpClient client;
        client.setTokenLogin(true);
        QCOMPARE(fetch(client, server.url()), QList<int> {200});
        ++server.generation;
        QCOMPARE(fetch(client, server.url()), QList<int> {200});
        QCOMPARE(server.logins, 2);
        QCOMPARE(server.seen, (QList<QByteArray> {"Bearer token-1", "Bearer token-1", "Bearer token-2"}));
    }

    void wrongCredentialsAnswerTheServersRefusal()
    {
        RbacServiceCenter server(true);
        HttpClient client;
        client.setTokenLogin(true);
        QCOMPARE(fetch(client, server.url(u"wrong"_s)), QList<int> {401});
        QCOMPARE(server.logins, 0);
    }

    void aServerWithoutTheLoginRouteGetsBasic()
    {
        RbacServiceCenter server(false);
        server.acceptsBasic = true;
        HttpClient client;
        client.setTokenLogin(true);
        QCOMPARE(fetch(client, server.url()), QList<int> {200});
        QCOMPARE(server.seen, QList<QByteArray> {"Basic " + QByteArray("app:s3cret").toBase64()});
    }

    void withoutTokenLoginEveryRequestSendsBasic()
    {
        RbacServiceCenter server(true);
        HttpClient client;
        QCOMPARE(fetch(client, server.url()), QList<int> {401});
        QCOMPARE(server.logins, 0);
    }
};

QTEST_GUILESS_MAIN(TestTokenLogin)
#include "tst_tokenlogin.moc"
