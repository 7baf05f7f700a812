// SPDX-License-Identifier: GPL-3.0-or-later
// The ceiling of the HTTP stack on this machine: a bare Qt 6.4 QHttpServer with one catch-all route
// that answers any method and path with 200 and an empty body, as the registry answers a heartbeat.
// The MIME type is passed explicitly, so QHttpServer never sniffs (../shared/qt-notes.md §1.6).
//
//   muster_bench_bare [--port P]     (P = 0, the default, picks a free port)
//
// Prints "muster_bench_bare: listening on http://127.0.0.1:PORT/" once it listens; SIGTERM stops it.
#include <QCoreApplication>
#include <QCommandLineParser>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QUrl>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("muster_bench_bare"));

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption portOption({QStringLiteral("p"), QStringLiteral("port")},
                                        QStringLiteral("Port to listen on (0: a free one)."),
                                        QStringLiteral("port"), QStringLiteral("0"));
    parser.addOption(portOption);
    parser.process(app);
    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535) {
        std::fprintf(stderr, "muster_bench_bare: bad port\n");
        return 2;
    }

    QHttpServer server;
    server.route(QStringLiteral("/<arg>"), [](const QUrl &, const QHttpServerRequest &) {
        return QHttpServerResponse(QByteArrayLiteral("text/plain"), QByteArray(),
                                   QHttpServerResponder::StatusCode::Ok);
    });
    const quint16 bound = server.listen(QHostAddress::LocalHost, quint16(port));
    if (bound == 0) {
        std::fprintf(stderr, "muster_bench_bare: cannot listen on port %u\n", port);
        return 1;
    }
    std::printf("muster_bench_bare: listening on http://127.0.0.1:%u/\n", unsigned(bound));
    std::fflush(stdout);
    return app.exec();
}
