// SPDX-License-Identifier: GPL-3.0-or-later
#include "accountcommand.h"
#include "applogging.h"
#include "commandline.h"
#include "consolesettings.h"
#include "eventloopprobe.h"
#include "logoutput.h"
#include "node/localcluster.h"
#include "mainwindow.h"
#include "memorytrimmer.h"
#include "node/nodehandle.h"
#include "node/nodeurl.h"
#include "signalwatcher.h"
#include "workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QTranslator>

#include <cstdio>
#include <memory>
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

// The system locale, unless the console's settings name a language.
void installTranslators(QCoreApplication &app, bool headless)
{
    const QString chosen = headless ? QString() : ConsoleSettings::language();
    const QLocale locale = chosen.isEmpty() ? QLocale() : QLocale(chosen);
    if (!chosen.isEmpty())
        QLocale::setDefault(locale);
    auto *own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("muster"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(own);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

// The console's remembered node options, for those the command line did not set. A config file is
// the user's explicit choice too: it wins over what the console remembers.
void applyConsoleDefaults(NodeConfig &config, const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("config")))
        return;
    const ConsoleSettings::NodeDefaults defaults = ConsoleSettings::nodeDefaults();
    if (!parser.isSet(QStringLiteral("port")))
        config.port = defaults.port;
    if (!parser.isSet(QStringLiteral("lease-duration")))
        config.registry.defaultLeaseDurationSecs = defaults.leaseDurationSecs;
    if (!parser.isSet(QStringLiteral("self-preservation")))
        config.registry.selfPreservationEnabled = defaults.selfPreservation;
    if (!parser.isSet(QStringLiteral("renewal-threshold")))
        config.registry.renewalPercentThreshold = defaults.renewalPercent / 100.0;
}

void printLine(FILE *stream, const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stream);
    std::fflush(stream);
}

void announce(const NodeConfig &config, quint16 port)
{
    printLine(stdout, QCoreApplication::translate("main", "muster: node %1 listening on %2")
                          .arg(config.name, NodeUrl::eurekaServiceUrl(config.bindAddress, port, config.scheme()).toString()));
}

void failStart(const QString &error)
{
    printLine(stderr, QCoreApplication::translate("main", "muster: %1").arg(error));
    QCoreApplication::exit(1);
}

// One node as configured, or a meshed cluster of count nodes on consecutive ports.
int runHeadless(QCoreApplication &app, const NodeConfig &base, int count)
{
    raiseFileLimit();
    MemoryTrimmer memoryTrimmer;
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &app, [](int signal) {
        qCInfo(lcApp) << "signal" << signal << "received, shutting down";
        QCoreApplication::quit();
    });
    std::unique_ptr<NodeHandle> single;
    std::unique_ptr<LocalCluster> cluster;
    if (count == 1) {
        single = std::make_unique<NodeHandle>(base);
        QObject::connect(single.get(), &NodeHandle::started, &app, [&base](quint16 port) { announce(base, port); });
        QObject::connect(single.get(), &NodeHandle::startFailed, &app, &failStart);
        single->start();
    } else {
        cluster = std::make_unique<LocalCluster>(base);
        QObject::connect(cluster.get(), &LocalCluster::nodeStarted, &app,
                         [](NodeHandle *node, quint16 port) { announce(node->config(), port); });
        QObject::connect(cluster.get(), &LocalCluster::nodeStartFailed, &app,
                         [](RegistryConnection *, const QString &error) { failStart(error); });
        for (int i = 0; i < count; ++i)
            cluster->addNode();
    }
    const int code = app.exec();
    if (single)
        single->stop();
    if (cluster)
        cluster->stopAll();
    return code;
}

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

// The console: the window and a local cluster of count nodes, the first on the configured port. The
// clusters made in the console later start on free ports, with the defaults of a node.
int runConsole(QApplication &app, NodeConfig base, int count)
{
    raiseFileLimit();
    MemoryTrimmer memoryTrimmer;
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &app, [] { QCoreApplication::quit(); });
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/muster.svg")));
    QApplication::setDesktopFileName(QStringLiteral("io.github.muster_registry.Muster"));
    base.registerWithPeers = true;
    Workspace workspace;
    workspace.setClusterFactory([](const QString &name) {
        NodeConfig config;
        config.name = name;
        config.port = 0;
        config.registerWithPeers = true;
        return std::make_unique<LocalCluster>(config);
    });
    workspace.addCluster(std::make_unique<LocalCluster>(base));
    for (int i = 0; i < count; ++i)
        workspace.addNode(base.name);
    MainWindow window(&workspace);
    window.show();
    std::unique_ptr<EventLoopProbe> probe(EventLoopProbe::fromEnvironment(nullptr));
    const int code = app.exec();
    workspace.shutdown();
    return code;
}
}

int main(int argc, char **argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Muster"));
    QCoreApplication::setApplicationName(QStringLiteral("muster"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MUSTER_VERSION));

    if (AccountCommand::isRequested(argc, argv)) {
        QCoreApplication app(argc, argv);
        installTranslators(app, true);
        return AccountCommand::run(QCoreApplication::arguments());
    }
    const bool headless = !CommandLine::wantsWindow(argc, argv);
    if (!headless && !hasDisplay()) {
        printLine(stderr, QCoreApplication::translate("main", "muster: there is no display to open the console on (DISPLAY is not set). "
                                         "Run `muster --headless` for a node without a window."));
        return 1;
    }
    std::unique_ptr<QCoreApplication> app = headless ? std::make_unique<QCoreApplication>(argc, argv)
                                                     : std::make_unique<QApplication>(argc, argv);
    installTranslators(*app, headless);

    CommandLine commandLine;
    commandLine.parser().process(*app);
    const auto logSettings = commandLine.logSettings();
    if (const auto *error = std::get_if<QString>(&logSettings)) {
        printLine(stderr, QCoreApplication::translate("main", "muster: %1").arg(*error));
        return 2;
    }
    LogOutput::install(std::get<LogSettings>(logSettings));
    auto config = commandLine.nodeConfig();
    if (const auto *error = std::get_if<QString>(&config)) {
        printLine(stderr, QCoreApplication::translate("main", "muster: %1").arg(*error));
        return 2;
    }
    const auto count = commandLine.nodeCount();
    if (const auto *error = std::get_if<QString>(&count)) {
        printLine(stderr, QCoreApplication::translate("main", "muster: %1").arg(*error));
        return 2;
    }
    if (headless)
        return runHeadless(*app, std::get<NodeConfig>(config), std::get<int>(count));
    applyConsoleDefaults(std::get<NodeConfig>(config), commandLine.parser());
    return runConsole(static_cast<QApplication &>(*app), std::get<NodeConfig>(config), std::get<int>(count));
}
