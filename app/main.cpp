// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandline.h"
#include "nodehandle.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTranslator>

#include <cstdio>
#include <memory>
#include <vector>
#include <sys/resource.h>

Q_LOGGING_CATEGORY(lcApp, "muster.app", QtInfoMsg)

namespace {
// Each idle keep-alive client holds a descriptor; Debian's default soft limit of 1024 is too low.
void raiseFileLimit()
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

void installTranslators(QCoreApplication &app)
{
    auto *own = new QTranslator(&app);
    if (own->load(QLocale(), QStringLiteral("muster"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(own);
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

void printLine(FILE *stream, const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stream);
    std::fflush(stream);
}

// The configurations of a meshed cluster of count nodes: consecutive ports from the first one
// (free ones when it is 0), names with a suffix, each naming all the others as peers.
QList<NodeConfig> clusterConfigs(const NodeConfig &base, int count)
{
    if (count == 1)
        return {base};
    QList<NodeConfig> configs;
    for (int i = 0; i < count; ++i) {
        NodeConfig config = base;
        config.name = base.name + u'-' + QString::number(i + 1);
        if (base.port == 0) {
            QTcpServer probe;
            probe.listen(base.bindAddress, 0);
            config.port = probe.serverPort();
        } else {
            config.port = quint16(base.port + i);
        }
        configs.append(config);
    }
    for (NodeConfig &config : configs) {
        for (const NodeConfig &other : std::as_const(configs)) {
            if (other.port != config.port)
                config.peers.append(QUrl(QStringLiteral("http://%1:%2/eureka/")
                                             .arg(other.bindAddress.toString()).arg(other.port)));
        }
    }
    return configs;
}

int runHeadless(QCoreApplication &app, const QList<NodeConfig> &configs)
{
    raiseFileLimit();
    std::vector<std::unique_ptr<NodeHandle>> nodes;
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &app, [](int signal) {
        qCInfo(lcApp) << "signal" << signal << "received, shutting down";
        QCoreApplication::quit();
    });
    for (const NodeConfig &config : configs) {
        auto node = std::make_unique<NodeHandle>(config);
        QObject::connect(node.get(), &NodeHandle::started, &app, [config](quint16 port) {
            printLine(stdout, QCoreApplication::translate("main", "muster: node %1 listening on http://%2:%3/eureka/")
                                  .arg(config.name, config.bindAddress.toString()).arg(port));
        });
        QObject::connect(node.get(), &NodeHandle::startFailed, &app, [](const QString &error) {
            printLine(stderr, QCoreApplication::translate("main", "muster: %1").arg(error));
            QCoreApplication::exit(1);
        });
        node->start();
        nodes.push_back(std::move(node));
    }
    const int code = app.exec();
    for (auto &node : nodes)
        node->stop();
    return code;
}
}

int main(int argc, char **argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Muster"));
    QCoreApplication::setApplicationName(QStringLiteral("muster"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MUSTER_VERSION));

    const bool headless = CommandLine::wantsHeadless(argc, argv);
    QCoreApplication app(argc, argv);
    installTranslators(app);

    CommandLine commandLine;
    commandLine.parser().process(app);
    const auto config = commandLine.nodeConfig();
    if (const auto *error = std::get_if<QString>(&config)) {
        printLine(stderr, QCoreApplication::translate("main", "muster: %1").arg(*error));
        return 2;
    }
    const auto count = commandLine.nodeCount();
    if (const auto *error = std::get_if<QString>(&count)) {
        printLine(stderr, QCoreApplication::translate("main", "muster: %1").arg(*error));
        return 2;
    }
    if (!headless)
        printLine(stderr, QCoreApplication::translate("main", "muster: this build has no console yet; "
                                                              "running the node headless."));
    return runHeadless(app, clusterConfigs(std::get<NodeConfig>(config), std::get<int>(count)));
}
