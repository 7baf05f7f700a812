// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/undolog.h"

#include <QtGlobal>

#include <utility>

void UndoLog::begin()
{
    Q_ASSERT(!m_recording);
    m_recording = true;
}

void UndoLog::record(std::function<void()> step)
{
    if (m_recording)
        m_steps.push_back(std::move(step));
}

void UndoLog::rollBack()
{
    m_recording = false;
    const std::vector<std::function<void()>> steps = std::exchange(m_steps, {});
    for (auto step = steps.rbegin(); step != steps.rend(); ++step)
        (*step)();
}
