// SPDX-License-Identifier: GPL-3.0-or-later
// HTTP-level behaviour of the Eureka API on a real node, where the exact bytes matter: unknown paths,
// wrong methods, HEAD, Expect: 100-continue, the 1 MiB body limit, pipelining, encoded ids
// (DESIGN.md "the flow of one write", qt-notes.md §0 and §1.6). After every rejected request the
// registry is unchanged and the node still serves.
#include "eurekatestnode.h"

#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString fixtureId = u"h1:myapp:8080"_s;
constexpr qint64 bodyLimit = 1 << 20;

// A register body of exactly size bytes, padded with a metadata value.
QByteArray registerBodyOfSize(qint64 size, const QString &id)
{
    QJsonObject instance = EurekaTestNode::instanceFixture(u"MYAPP"_s, id, u"big"_s);
    QJsonObject metadata {{u"padding"_s, QString()}};
    instance[u"metadata"_s] = metadata;
    const qint64 bare = EurekaTestNode::instanceDocument(instance).size();
    metadata[u"padding"_s] = QString(size - bare, u'x');
    instance[u"metadata"_s] = metadata;
    return EurekaTestNode::instanceDocument(instance);
}
}

class TestEurekaHttp : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void unknownPathAnswers404_data();
    void unknownPathAnswers404();
    void wrongMethodAnswers405WithAllow_data();
    void wrongMethodAnswers405WithAllow();
    void headAnswersWithoutBody();
    void expectContinueIsAnswered();
    void bodyOverLimitAnswers413_data();
    void bodyOverLimitAnswers413();
    void clientSendingAWholeLargeBodyReadsIts413();
    void bodyAtLimitIsAccepted();
    void pipelinedRequestsAnswerInOrder();
    void percentEncodedIds();

private:
    // The full registry and delta as JSON bytes, to prove a rejected request changed nothing.
    QByteArray registryState();
    QByteArray requestHead(const QByteArray &method, const QByteArray &path, const QByteArray &headers = {}) const;

    std::unique_ptr<EurekaTestNode> m_node;
};

void TestEurekaHttp::initTestCase()
{
    QLoggingCategory::setFilterRules(u"muster.*.info=false"_s);
}

void TestEurekaHttp::init()
{
    m_node = std::make_unique<EurekaTestNode>();
    QVERIFY(m_node->start());
    const HttpReply reply = m_node->registerJson(EurekaTestNode::instanceFixture());
    QVERIFY_STATUS(reply, 204);
}

void TestEurekaHttp::cleanup()
{
    m_node.reset();
}

QByteArray TestEurekaHttp::registryState()
{
    const HttpReply full = m_node->get(u"/eureka/apps"_s);
    const HttpReply delta = m_node->get(u"/eureka/apps/delta"_s);
    if (full.status != 200 || delta.status != 200)
        return {};
    return full.body + '\n' + delta.body;
}

QByteArray TestEurekaHttp::requestHead(const QByteArray &method, const QByteArray &path,
                                       const QByteArray &headers) const
{
    return method + ' ' + path + " HTTP/1.1\r\n" + m_node->hostHeader() + headers + "\r\n";
}

void TestEurekaHttp::unknownPathAnswers404_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("GET /nope") << QByteArray("GET") << u"/nope"_s;
    QTest::newRow("GET /eureka") << QByteArray("GET") << u"/eureka"_s;
    QTest::newRow("GET /eureka/nope") << QByteArray("GET") << u"/eureka/nope"_s;
    QTest::newRow("GET /eureka/v2/instances") << QByteArray("GET") << u"/eureka/v2/instances"_s;
    QTest::newRow("GET too deep") << QByteArray("GET") << u"/eureka/apps/MYAPP/h1:myapp:8080/status/more"_s;
    QTest::newRow("POST /eureka/nope") << QByteArray("POST") << u"/eureka/nope"_s;
    QTest::newRow("PUT /muster/api/v1/nope") << QByteArray("PUT") << u"/muster/api/v1/nope"_s;
}

// An unknown path is a 404 with a JSON error, whatever the method.
void TestEurekaHttp::unknownPathAnswers404()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    const QByteArray before = registryState();
    const HttpReply reply = m_node->send(method, path, {}, {{"Accept", "application/json"}});
    QVERIFY_STATUS(reply, 404);
    QVERIFY2(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type").constData());
    QVERIFY2(reply.json().value(u"error").isString(), reply.describe().constData());
    QCOMPARE(registryState(), before);
}

void TestEurekaHttp::wrongMethodAnswers405WithAllow_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArrayList>("allowed");
    QTest::newRow("POST /eureka/apps") << QByteArray("POST") << u"/eureka/apps"_s << QByteArrayList {"GET"};
    QTest::newRow("PUT /eureka/v2/apps/") << QByteArray("PUT") << u"/eureka/v2/apps/"_s << QByteArrayList {"GET"};
    QTest::newRow("DELETE /eureka/apps/MYAPP") << QByteArray("DELETE") << u"/eureka/apps/MYAPP"_s
                                               << QByteArrayList {"GET", "POST"};
    QTest::newRow("POST on an instance") << QByteArray("POST") << u"/eureka/apps/MYAPP/h1:myapp:8080"_s
                                         << QByteArrayList {"GET", "PUT", "DELETE"};
    QTest::newRow("PATCH on an instance") << QByteArray("PATCH") << u"/eureka/v2/apps/MYAPP/h1:myapp:8080"_s
                                          << QByteArrayList {"GET", "PUT", "DELETE"};
    QTest::newRow("GET on status") << QByteArray("GET") << u"/eureka/apps/MYAPP/h1:myapp:8080/status"_s
                                   << QByteArrayList {"PUT", "DELETE"};
    QTest::newRow("POST on metadata") << QByteArray("POST") << u"/eureka/apps/MYAPP/h1:myapp:8080/metadata"_s
                                      << QByteArrayList {"PUT"};
    QTest::newRow("DELETE /eureka/instances/{id}") << QByteArray("DELETE") << u"/eureka/instances/h1:myapp:8080"_s
                                                   << QByteArrayList {"GET"};
    QTest::newRow("PUT /muster/api/v1/node") << QByteArray("PUT") << u"/muster/api/v1/node"_s
                                             << QByteArrayList {"GET"};
}

// A known path with the wrong method is a 405 with Allow listing the methods the path has.
void TestEurekaHttp::wrongMethodAnswers405WithAllow()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArrayList, allowed);
    const QByteArray before = registryState();

    const HttpReply reply = m_node->send(method, path, {}, {{"Accept", "application/json"}});
    QVERIFY_STATUS(reply, 405);
    QVERIFY2(reply.json().value(u"error").isString(), reply.describe().constData());
    QVERIFY2(reply.hasHeader("Allow"), "405 without an Allow header");
    QByteArrayList methods;
    for (const QByteArray &part : reply.header("Allow").split(','))
        methods.append(part.trimmed());
    for (const QByteArray &expected : allowed)
        QVERIFY2(methods.contains(expected), reply.header("Allow").constData());
    QVERIFY2(!methods.contains(method), reply.header("Allow").constData());

    QCOMPARE(registryState(), before);
}

// HEAD answers like GET without a body: the next response on the same connection parses cleanly.
void TestEurekaHttp::headAnswersWithoutBody()
{
    const auto socket = m_node->openSocket();
    QVERIFY(socket);
    socket->write(requestHead("HEAD", "/eureka/apps", "Accept: application/json\r\n")
                  + requestHead("GET", "/eureka/apps", "Accept: application/json\r\n")
                  + requestHead("HEAD", "/eureka/apps/MYAPP/h1:myapp:8080")
                  + requestHead("GET", "/eureka/apps/MYAPP/h1:myapp:8080", "Accept: application/json\r\n"));
    QByteArray buffer;

    const HttpReply head = EurekaTestNode::readReply(*socket, buffer, true);
    QVERIFY_STATUS(head, 200);
    QCOMPARE(head.header("Content-Type"), QByteArray("application/json"));
    const HttpReply get = EurekaTestNode::readReply(*socket, buffer);
    QVERIFY_STATUS(get, 200);
    QCOMPARE(get.json().value(u"applications").toObject().value(u"apps__hashcode").toString(), u"UP_1_"_s);

    const HttpReply headXml = EurekaTestNode::readReply(*socket, buffer, true);
    QVERIFY_STATUS(headXml, 200);
    QCOMPARE(headXml.header("Content-Type"), QByteArray("application/xml"));
    const HttpReply instance = EurekaTestNode::readReply(*socket, buffer);
    QVERIFY_STATUS(instance, 200);
    QCOMPARE(instance.json().value(u"instance").toObject().value(u"instanceId").toString(), fixtureId);
    QVERIFY2(buffer.isEmpty(), buffer.left(200).constData());

    const HttpReply unknown = m_node->raw(requestHead("HEAD", "/eureka/nope"), true);
    QVERIFY_STATUS(unknown, 404);
}

// Qt 6.4 never sends "100 Continue"; the node's guard does, so curl does not wait a second.
void TestEurekaHttp::expectContinueIsAnswered()
{
    const QByteArray body = EurekaTestNode::instanceDocument(
        EurekaTestNode::instanceFixture(u"MYAPP"_s, u"h2:myapp:8080"_s, u"h2"_s));
    const auto socket = m_node->openSocket();
    QVERIFY(socket);
    socket->write(requestHead("POST", "/eureka/apps/MYAPP",
                              "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
                                  + QByteArray::number(body.size()) + "\r\n"));
    QByteArray buffer;
    const HttpReply interim = EurekaTestNode::readReply(*socket, buffer);
    QVERIFY_STATUS(interim, 100);

    socket->write(body);
    const HttpReply reply = EurekaTestNode::readReply(*socket, buffer);
    QVERIFY_STATUS(reply, 204);
    QVERIFY(m_node->instance(u"MYAPP"_s, u"h2:myapp:8080"_s));
}

void TestEurekaHttp::bodyOverLimitAnswers413_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<bool>("chunked");
    QTest::newRow("declared Content-Length")
        << "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(bodyLimit + 1) + "\r\n" << false;
    QTest::newRow("declared Content-Length with Expect")
        << "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
               + QByteArray::number(2 * bodyLimit) + "\r\n"
        << false;
    QTest::newRow("chunked body") << QByteArray("Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n")
                                  << true;
}

// A body over 1 MiB is refused with 413 and a JSON error, before it is buffered; the node keeps serving.
void TestEurekaHttp::bodyOverLimitAnswers413()
{
    QFETCH(QByteArray, headers);
    QFETCH(bool, chunked);
    const QByteArray before = registryState();

    const auto socket = m_node->openSocket();
    QVERIFY(socket);
    socket->write(requestHead("POST", "/eureka/apps/MYAPP", headers));
    if (chunked) {
        // Stop sending as soon as the limit is crossed, then wait for the answer.
        const QByteArray chunk = QByteArray::number(64 * 1024, 16) + "\r\n" + QByteArray(64 * 1024, ' ') + "\r\n";
        for (qint64 sent = 0; sent <= bodyLimit; sent += 64 * 1024) {
            socket->write(chunk);
            socket->waitForBytesWritten(EurekaTestNode::timeoutMs);
        }
    }
    QByteArray buffer;
    const HttpReply reply = EurekaTestNode::readReply(*socket, buffer);
    QVERIFY_STATUS(reply, 413);
    QVERIFY2(reply.json().value(u"error").isString(), reply.describe().constData());
    QVERIFY(socket->state() != QAbstractSocket::ConnectedState || socket->waitForDisconnected(EurekaTestNode::timeoutMs));

    QCOMPARE(registryState(), before);
    QVERIFY(m_node->instance(u"MYAPP"_s, fixtureId));
    QVERIFY(!m_node->instance(u"MYAPP"_s, u"big"_s));
}

// A client that sends its whole 4 MiB body without waiting (no Expect) still reads the 413: the node
// drains what keeps coming after its answer instead of resetting the connection under the client.
void TestEurekaHttp::clientSendingAWholeLargeBodyReadsIts413()
{
    const qint64 size = 4 * bodyLimit;
    const auto socket = m_node->openSocket();
    QVERIFY(socket);
    socket->write(requestHead("POST", "/eureka/apps/MYAPP",
                              "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(size) + "\r\n"));
    const QByteArray piece(64 * 1024, 'x');
    for (qint64 sent = 0; sent < size && socket->state() == QAbstractSocket::ConnectedState; sent += piece.size()) {
        socket->write(piece);
        socket->waitForBytesWritten(EurekaTestNode::timeoutMs);
    }
    QByteArray buffer;
    const HttpReply reply = EurekaTestNode::readReply(*socket, buffer);
    QVERIFY_STATUS(reply, 413);
    QVERIFY2(reply.json().value(u"error").toString().contains(u"body"_s), reply.describe().constData());
    QVERIFY(socket->state() != QAbstractSocket::ConnectedState || socket->waitForDisconnected(EurekaTestNode::timeoutMs));
    QVERIFY(socket->error() != QAbstractSocket::NetworkError);
    QVERIFY_STATUS(m_node->get(u"/eureka/apps"_s), 200);
}

// The limit is 1 MiB inclusive: a register body of exactly that size is accepted.
void TestEurekaHttp::bodyAtLimitIsAccepted()
{
    const QByteArray body = registerBodyOfSize(bodyLimit, u"big"_s);
    QCOMPARE(body.size(), bodyLimit);
    const HttpReply reply = m_node->send("POST", u"/eureka/apps/MYAPP"_s, body, {{"Content-Type", "application/json"}});
    QVERIFY_STATUS(reply, 204);
    const auto instance = m_node->instance(u"MYAPP"_s, u"big"_s);
    QVERIFY(instance);
    QVERIFY(instance->value(u"metadata").toObject().value(u"padding").toString().size() > 1000);
}

// Several requests written at once on one keep-alive connection are answered in order.
void TestEurekaHttp::pipelinedRequestsAnswerInOrder()
{
    const QByteArray json = "Accept: application/json\r\n";
    const auto socket = m_node->openSocket();
    QVERIFY(socket);
    socket->write(requestHead("GET", "/eureka/apps", json) + requestHead("PUT", "/eureka/apps/MYAPP/h1:myapp:8080")
                  + requestHead("GET", "/eureka/apps/MYAPP", json)
                  + requestHead("GET", "/eureka/v2/instances/h1:myapp:8080", json)
                  + requestHead("GET", "/eureka/apps/NOAPP", json));
    QByteArray buffer;
    const HttpReply first = EurekaTestNode::readReply(*socket, buffer);
    QVERIFY_STATUS(first, 200);
    QCOMPARE(first.json().keys(), QStringList {u"applications"_s});
    const HttpReply heartbeat = EurekaTestNode::readReply(*socket, buffer);
    QVERIFY_STATUS(heartbeat, 200);
    QVERIFY(heartbeat.body.isEmpty());
    const HttpReply application = EurekaTestNode::readReply(*socket, buffer);
    QVERIFY_STATUS(application, 200);
    QCOMPARE(application.json().keys(), QStringList {u"application"_s});
    const HttpReply instance = EurekaTestNode::readReply(*socket, buffer);
    QVERIFY_STATUS(instance, 200);
    QCOMPARE(instance.json().keys(), QStringList {u"instance"_s});
    const HttpReply missing = EurekaTestNode::readReply(*socket, buffer);
    QVERIFY_STATUS(missing, 404);
}

// Ids are percent-decoded per segment, so spaces and even '/' work when encoded.
void TestEurekaHttp::percentEncodedIds()
{
    for (const QString &id : {u"with space"_s, u"a/b"_s, u"ünï"_s}) {
        QVERIFY_STATUS(m_node->registerJson(EurekaTestNode::instanceFixture(u"MYAPP"_s, id, u"h9"_s)), 204);
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(id));
        const HttpReply reply = m_node->get(u"/eureka/apps/MYAPP/"_s + encoded);
        QVERIFY_STATUS(reply, 200);
        QCOMPARE(reply.json().value(u"instance").toObject().value(u"instanceId").toString(), id);
        QVERIFY_STATUS(m_node->put(u"/eureka/apps/MYAPP/"_s + encoded), 200);
        QVERIFY_STATUS(m_node->del(u"/eureka/apps/MYAPP/"_s + encoded), 200);
        QVERIFY(!EurekaTestNode::findInstance(m_node->applications(), id));
    }
}

QTEST_GUILESS_MAIN(TestEurekaHttp)
#include "tst_eurekahttp.moc"
