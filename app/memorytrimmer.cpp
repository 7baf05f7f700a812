// SPDX-License-Identifier: GPL-3.0-or-later
#include "memorytrimmer.h"

#include "applogging.h"

#include <QElapsedTimer>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace {
constexpr int largeBlockBytes = 128 * 1024;
}

MemoryTrimmer::MemoryTrimmer(int intervalMs, QObject *parent)
    : QObject {parent}
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, largeBlockBytes);
#endif
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, [] {
        const qint64 micros = trim();
        qCDebug(lcApp) << "returned free memory to the system in" << micros << "us";
    });
    m_timer.start();
}

qint64 MemoryTrimmer::trim()
{
    QElapsedTimer timer;
    timer.start();
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
    return timer.nsecsElapsed() / 1000;
}
