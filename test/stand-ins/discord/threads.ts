// Threads in the Discord stand-in: Start Thread from Message
// (discord.com/developers/docs/resources/channel#start-thread-from-message). A thread started from
// a message has that message's id; posting to it is posting to a channel with that id.
import type { Json } from './fixtures.js';
import { ApiError, errors, fieldError } from './http.js';

export interface StandInThread {
  id: string;
  parentId: string;
  name: string;
  autoArchiveDuration: number;
  archived: boolean;
  locked: boolean;
  deleted: boolean;
  /** Start requests for this message, the first included (> 1: a repeated start was refused). */
  startRequests: number;
}

const AUTO_ARCHIVE = [60, 1440, 4320, 10080];

export class StandInThreads {
  readonly byId = new Map<string, StandInThread>();

  /** POST /channels/{channel.id}/messages/{message.id}/threads, once the message is known to exist. */
  start(parentId: string, messageId: string, body: Json): StandInThread {
    const existing = this.byId.get(messageId);
    if (existing) {
      existing.startRequests++;
      throw new ApiError(400, { message: 'A thread has already been created for this message', code: 160004 });
    }
    const name = body.name;
    if (typeof name !== 'string' || name.length < 1 || name.length > 100)
      throw errors.invalidForm({ name: fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.') });
    const duration = body.auto_archive_duration ?? 4320;
    if (typeof duration !== 'number' || !AUTO_ARCHIVE.includes(duration))
      throw errors.invalidForm({
        auto_archive_duration: fieldError('BASE_TYPE_CHOICES', 'Value must be one of 60, 1440, 4320, 10080.'),
      });
    const thread: StandInThread = {
      id: messageId,
      parentId,
      name,
      autoArchiveDuration: duration,
      archived: false,
      locked: false,
      deleted: false,
      startRequests: 1,
    };
    this.byId.set(messageId, thread);
    return thread;
  }

  /**
   * Before a message is created in `channelId`: a deleted thread is an Unknown Channel, a locked
   * archived one refuses (50083), an archived one is unarchived by the message.
   */
  beforeMessage(channelId: string): void {
    const thread = this.byId.get(channelId);
    if (!thread) return;
    if (thread.deleted) throw errors.unknownChannel();
    if (thread.archived && thread.locked) throw new ApiError(400, { message: 'Thread is locked', code: 50083 });
    thread.archived = false;
  }

  /** The thread as the API shows it (a GUILD_PUBLIC_THREAD channel). */
  api(thread: StandInThread, guildId: string, ownerId: string): Json {
    return {
      id: thread.id,
      type: 11,
      guild_id: guildId,
      parent_id: thread.parentId,
      owner_id: ownerId,
      name: thread.name,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
      thread_metadata: {
        archived: thread.archived,
        auto_archive_duration: thread.autoArchiveDuration,
        archive_timestamp: new Date().toISOString(),
        locked: thread.locked,
      },
      message_count: 0,
      member_count: 1,
    };
  }
}
