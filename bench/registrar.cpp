// SPDX-License-Identifier: GPL-3.0-or-later
// Registration driver for the benchmark: registers N distinct instances spread over M apps against a
// Eureka base URL (POST {base}/apps/APP-k, the canonical JSON InstanceInfo of contract §2.2, 204
// expected), with a bounded number of requests in flight, then writes "APP/ID" lines for wrk.
//
//   muster_bench_registrar --base http://127.0.0.1:PORT/eureka --instances 10000 --apps 500
//                          --out ids.txt [--concurrency 12] [--first 0] [--lease 3600] [--verify]
//                          [--check-urls URL,URL,… --check-interval 10s]
//
// Instance i (0-based, counted from --first) belongs to app APP-(i mod M) and has the id
// "host-i.bench:app-(i mod M):8080". With --check-urls, instance i asks for an HTTP health check
// of URL (i mod count) every --check-interval. Exits 1 if any registration did not answer 204, or if
// --verify finds a different instance count in GET {base}/apps.
#include "benchinstance.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTextStream>
#include <QUrl>

#include <cstdio>

namespace {
struct Options
{
    QString base;
    qint64 instances = 10'000;
    int apps = 500;
    int concurrency = 12;
    qint64 first = 0;
    int leaseSecs = 3600;
    QString out;
    bool verify = false;
    QStringList checkUrls;
    QString checkInterval = QStringLiteral("10s");
};

QString appName(int k) { return BenchInstance::appName(QStringLiteral("APP-"), k); }

class Registrar : public QObject
{
public:
    explicit Registrar(const Options &options) : m_options(options) {}

    void start()
    {
        m_timer.start();
        for (int k = 0; k < m_options.concurrency; ++k)
            sendNext();
        if (m_inFlight == 0)
            finish();
    }

private:
    void sendNext()
    {
        if (m_next >= m_options.instances)
            return;
        const qint64 i = m_options.first + m_next++;
        const int app = int(i % m_options.apps);
        QNetworkRequest request(QUrl(m_options.base + u"/apps/" + appName(app)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Accept", "application/json");
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        const QString checkUrl = m_options.checkUrls.isEmpty() ? QString()
                                                               : m_options.checkUrls.at(i % m_options.checkUrls.size());
        QNetworkReply *reply = m_manager.post(request, BenchInstance::registerBody(appName(app), i, app, m_options.leaseSecs,
                                                                                  QDateTime::currentMSecsSinceEpoch(),
                                                                                  checkUrl, m_options.checkInterval));
        ++m_inFlight;
        connect(reply, &QNetworkReply::finished, this, [this, reply, i, app] {
            reply->deleteLater();
            --m_inFlight;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 204) {
                m_ids.append(appName(app) + u'/' + BenchInstance::instanceId(i, app));
            } else {
                if (++m_failures <= 5)
                    std::fprintf(stderr, "registrar: %s: HTTP %d %s\n", qPrintable(appName(app)), status,
                                 qPrintable(reply->errorString()));
            }
            sendNext();
            if (m_inFlight == 0)
                finish();
        });
    }

    void finish()
    {
        const double secs = double(m_timer.nsecsElapsed()) / 1e9;
        std::printf("registrar: %lld registered, %lld failed, %.2f s, %.0f registrations/s\n",
                    qlonglong(m_ids.size()), qlonglong(m_failures), secs, secs > 0 ? double(m_ids.size()) / secs : 0.0);
        std::fflush(stdout);
        if (!writeIds()) {
            QCoreApplication::exit(1);
            return;
        }
        if (m_options.verify) {
            verify();
            return;
        }
        QCoreApplication::exit(m_failures == 0 ? 0 : 1);
    }

    bool writeIds()
    {
        if (m_options.out.isEmpty())
            return true;
        QFile file(m_options.out);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
            std::fprintf(stderr, "registrar: cannot write %s\n", qPrintable(m_options.out));
            return false;
        }
        QTextStream stream(&file);
        for (const QString &id : std::as_const(m_ids))
            stream << id << '\n';
        return true;
    }

    // Counts the instances in the full registry: the run must hold exactly what was registered.
    void verify()
    {
        QNetworkRequest request(QUrl(m_options.base + u"/apps"));
        request.setRawHeader("Accept", "application/json");
        QNetworkReply *reply = m_manager.get(request);
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            const QJsonArray apps =
                QJsonDocument::fromJson(reply->readAll()).object().value(u"applications").toObject().value(u"application").toArray();
            qint64 count = 0;
            for (const auto &app : apps)
                count += app.toObject().value(u"instance").toArray().size();
            const qint64 expected = m_options.first + m_options.instances;
            std::printf("registrar: GET /apps holds %lld instances in %lld apps (expected %lld)\n", qlonglong(count),
                        qlonglong(apps.size()), qlonglong(expected));
            std::fflush(stdout);
            QCoreApplication::exit(m_failures == 0 && count == expected ? 0 : 1);
        });
    }

    Options m_options;
    QNetworkAccessManager m_manager;
    QElapsedTimer m_timer;
    QStringList m_ids;
    qint64 m_next = 0;
    qint64 m_failures = 0;
    int m_inFlight = 0;
};
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("muster_bench_registrar"));

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption base(QStringLiteral("base"), QStringLiteral("Eureka base URL, e.g. http://127.0.0.1:8761/eureka."),
                                  QStringLiteral("url"));
    const QCommandLineOption instances(QStringLiteral("instances"), QStringLiteral("Instances to register."),
                                       QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption apps(QStringLiteral("apps"), QStringLiteral("Apps to spread them over."), QStringLiteral("m"),
                                  QStringLiteral("500"));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"), QStringLiteral("Requests in flight."),
                                         QStringLiteral("c"), QStringLiteral("12"));
    const QCommandLineOption first(QStringLiteral("first"), QStringLiteral("Number of the first instance."),
                                   QStringLiteral("i"), QStringLiteral("0"));
    const QCommandLineOption lease(QStringLiteral("lease"), QStringLiteral("leaseInfo.durationInSecs."), QStringLiteral("s"),
                                   QStringLiteral("3600"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("File for the APP/ID lines."), QStringLiteral("file"));
    const QCommandLineOption verify(QStringLiteral("verify"),
                                    QStringLiteral("Check afterwards that GET /apps holds first + instances instances."));
    const QCommandLineOption checkUrls(QStringLiteral("check-urls"),
                                       QStringLiteral("Comma-separated URLs: each instance asks for an HTTP check of one."),
                                       QStringLiteral("urls"));
    const QCommandLineOption checkInterval(QStringLiteral("check-interval"), QStringLiteral("The checks' interval."),
                                           QStringLiteral("duration"), QStringLiteral("10s"));
    parser.addOptions({base, instances, apps, concurrency, first, lease, out, verify, checkUrls, checkInterval});
    parser.process(app);

    Options options;
    options.base = parser.value(base);
    while (options.base.endsWith(u'/'))
        options.base.chop(1);
    bool ok1 = false, ok2 = false, ok3 = false, ok4 = false, ok5 = false;
    options.instances = parser.value(instances).toLongLong(&ok1);
    options.apps = parser.value(apps).toInt(&ok2);
    options.concurrency = parser.value(concurrency).toInt(&ok3);
    options.first = parser.value(first).toLongLong(&ok4);
    options.leaseSecs = parser.value(lease).toInt(&ok5);
    options.out = parser.value(out);
    options.verify = parser.isSet(verify);
    options.checkUrls = parser.value(checkUrls).split(u',', Qt::SkipEmptyParts);
    options.checkInterval = parser.value(checkInterval);
    if (options.base.isEmpty() || !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || options.instances < 0 || options.apps < 1
        || options.concurrency < 1 || options.first < 0) {
        std::fprintf(stderr, "registrar: bad arguments (see --help)\n");
        return 2;
    }

    Registrar registrar(options);
    registrar.start();
    return app.exec();
}
