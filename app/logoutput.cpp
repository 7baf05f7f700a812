// SPDX-License-Identifier: GPL-3.0-or-later
#include "logoutput.h"

#include "http/requestlog.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QString>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace LogOutput {
namespace {
LogSettings::Format format = LogSettings::Format::Text;
QMutex writing;

QString levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return QStringLiteral("debug");
    case QtInfoMsg: return QStringLiteral("info");
    case QtWarningMsg: return QStringLiteral("warning");
    case QtCriticalMsg: return QStringLiteral("error");
    case QtFatalMsg: return QStringLiteral("fatal");
    }
    return QStringLiteral("info");
}

QByteArray jsonLine(QtMsgType type, const QMessageLogContext &context, const QString &message, const QString &time)
{
    QJsonObject line {{QStringLiteral("time"), time},
                      {QStringLiteral("level"), levelName(type)},
                      {QStringLiteral("category"), QString::fromLatin1(context.category ? context.category : "default")},
                      {QStringLiteral("message"), message}};
    // The request log line carries the request's fields as fields of its own.
    if (const RequestLog::Fields *request = RequestLog::current()) {
        line.insert(QStringLiteral("method"), QString::fromLatin1(request->method));
        line.insert(QStringLiteral("path"), request->path);
        line.insert(QStringLiteral("status"), request->status);
        line.insert(QStringLiteral("durationMs"), double(request->durationUs) / 1000.0);
        line.insert(QStringLiteral("bytes"), request->bytes);
        line.insert(QStringLiteral("remoteAddress"), request->remoteAddress);
    }
    return QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray textLine(QtMsgType type, const QMessageLogContext &context, const QString &message, const QString &time)
{
    QString line = time + u' ' + levelName(type) + u' ';
    if (context.category && std::strcmp(context.category, "default") != 0)
        line += QString::fromLatin1(context.category) + QStringLiteral(": ");
    return (line + message + u'\n').toUtf8();
}

void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QByteArray line = format == LogSettings::Format::Json ? jsonLine(type, context, message, time)
                                                                : textLine(type, context, message, time);
    {
        const QMutexLocker lock(&writing);
        std::fwrite(line.constData(), 1, std::size_t(line.size()), stderr);
        std::fflush(stderr);
    }
    if (type == QtFatalMsg)
        std::abort();
}

// Filter rules for muster's categories at the level: more verbose turns on debug, less turns off
// info (and warnings for errors only). Qt's own categories keep their defaults.
QString filterRules(QtMsgType level)
{
    switch (level) {
    case QtDebugMsg: return QStringLiteral("muster.*.debug=true");
    case QtInfoMsg: return {};
    case QtWarningMsg: return QStringLiteral("muster.*.info=false");
    case QtCriticalMsg:
    case QtFatalMsg: return QStringLiteral("muster.*.info=false\nmuster.*.warning=false\n*.warning=false");
    }
    return {};
}
}

void install(const LogSettings &settings)
{
    format = settings.format;
    if (const QString rules = filterRules(settings.level); !rules.isEmpty())
        QLoggingCategory::setFilterRules(rules);
    qInstallMessageHandler(&handle);
}

}
