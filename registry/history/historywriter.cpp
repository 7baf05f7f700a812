// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSaveFile>   // before any header that defines open()

#include "history/historywriter.h"

#include <QFileInfo>
#include <QThread>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace {
#ifdef Q_OS_UNIX
QString systemError(int code)
{
    return QString::fromLocal8Bit(std::strerror(code));
}

QString syncDirectory(const QString &directory)
{
    const int fd = ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        const QString error = QStringLiteral("cannot sync the history directory %1: %2").arg(directory, systemError(errno));
        if (fd >= 0)
            ::close(fd);
        return error;
    }
    ::close(fd);
    return {};
}
#endif
}

HistoryWriter::HistoryWriter()
    : m_thread {QThread::create([this] { run(); })}
{
    m_thread->setObjectName(QStringLiteral("history-writer"));
    m_thread->start();
}

HistoryWriter::~HistoryWriter()
{
    {
        const QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
}

void HistoryWriter::append(const QString &path, QByteArray lines)
{
    enqueue([this, path, lines = std::move(lines)] { return appendNow(path, lines); });
}

void HistoryWriter::writeSnapshot(const QString &path, HistoryState state)
{
    enqueue([this, path, state = std::move(state)] { return writeSnapshotNow(path, state); });
}

void HistoryWriter::remove(const QStringList &paths)
{
    enqueue([paths] {
        for (const QString &path : paths)
            QFile::remove(path);
        return QString();
    });
}

void HistoryWriter::waitUntilWritten()
{
    QMutexLocker lock(&m_mutex);
    while (!m_jobs.empty() || m_busy)
        m_idle.wait(&m_mutex);
}

QString HistoryWriter::error() const
{
    const QMutexLocker lock(&m_mutex);
    return m_error;
}

void HistoryWriter::enqueue(Job job)
{
    const QMutexLocker lock(&m_mutex);
    if (!m_error.isEmpty())
        return;
    m_jobs.push_back(std::move(job));
    m_wake.wakeOne();
}

// Jobs run one at a time, in order; the queue is emptied before the thread ends.
void HistoryWriter::run()
{
    QMutexLocker lock(&m_mutex);
    for (;;) {
        while (m_jobs.empty() && !m_stopping)
            m_wake.wait(&m_mutex);
        if (m_jobs.empty())
            break;
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        m_busy = true;
        lock.unlock();
        const QString error = job();
        lock.relock();
        m_busy = false;
        if (!error.isEmpty() && m_error.isEmpty()) {
            m_error = error;
            m_jobs.clear();
        }
        if (m_jobs.empty())
            m_idle.wakeAll();
    }
    m_file.close();
    m_idle.wakeAll();
}

QString HistoryWriter::appendNow(const QString &path, const QByteArray &lines)
{
    if (m_file.fileName() != path || !m_file.isOpen()) {
        m_file.close();
        m_file.setFileName(path);
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append))
            return QStringLiteral("cannot open the history segment %1: %2").arg(path, m_file.errorString());
    }
    if (m_file.write(lines) != lines.size() || !m_file.flush())
        return QStringLiteral("cannot write the history %1: %2").arg(path, m_file.errorString());
#ifdef Q_OS_UNIX
    if (::fdatasync(m_file.handle()) != 0)
        return QStringLiteral("cannot sync the history %1: %2").arg(path, systemError(errno));
#endif
    return {};
}

// Replaced atomically (QSaveFile, synced), then the directory is synced, as the journal does.
QString HistoryWriter::writeSnapshotNow(const QString &path, const HistoryState &state)
{
    const QByteArray document = state.encode();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(document) != document.size() || !file.flush()
#ifdef Q_OS_UNIX
        || ::fsync(file.handle()) != 0
#endif
        || !file.commit()) {
        return QStringLiteral("cannot write the history snapshot %1: %2").arg(path, file.errorString());
    }
#ifdef Q_OS_UNIX
    return syncDirectory(QFileInfo(path).absolutePath());
#else
    return {};
#endif
}
