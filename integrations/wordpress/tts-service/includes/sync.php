<?php
/**
 * Publish and update send the post to the service, in the background (WP-Cron); unpublishing,
 * trashing or deleting it forgets its audio. The article id and status live in post meta.
 *
 * @package TTS_Service
 */

defined( 'ABSPATH' ) || exit;

const TTS_SERVICE_META_ID      = '_tts_service_article_id';
const TTS_SERVICE_META_STATUS  = '_tts_service_status';
const TTS_SERVICE_META_ERROR   = '_tts_service_error';
const TTS_SERVICE_META_OFF     = '_tts_service_off';
const TTS_SERVICE_META_LEXICON = '_tts_service_lexicon';

/**
 * Whether the plugin reads posts of this post's type, and the post's own toggle allows it.
 *
 * @param WP_Post|null $post The post.
 * @return bool
 */
function tts_service_enabled_for( $post ) {
	if ( ! $post instanceof WP_Post ) {
		return false;
	}
	if ( ! in_array( $post->post_type, (array) tts_service_setting( 'post_types' ), true ) ) {
		return false;
	}
	return '1' !== get_post_meta( $post->ID, TTS_SERVICE_META_OFF, true );
}

/**
 * Queue the post to be sent: the editor's save only schedules an event, and the cron request
 * that runs it is started once the save's own work is done.
 *
 * @param int $post_id The post.
 */
function tts_service_queue( $post_id ) {
	update_post_meta( $post_id, TTS_SERVICE_META_STATUS, 'queued' );
	delete_post_meta( $post_id, TTS_SERVICE_META_ERROR );
	if ( ! wp_next_scheduled( 'tts_service_send', array( (int) $post_id ) ) ) {
		wp_schedule_single_event( time(), 'tts_service_send', array( (int) $post_id ) );
	}
	tts_service_spawn_later();
}

/**
 * Forget the post's audio at the service, in the background, and drop its meta now.
 *
 * @param int $post_id The post.
 */
function tts_service_queue_forget( $post_id ) {
	$article_id = (string) get_post_meta( $post_id, TTS_SERVICE_META_ID, true );
	delete_post_meta( $post_id, TTS_SERVICE_META_ID );
	delete_post_meta( $post_id, TTS_SERVICE_META_STATUS );
	delete_post_meta( $post_id, TTS_SERVICE_META_ERROR );
	if ( '' !== $article_id ) {
		wp_schedule_single_event( time(), 'tts_service_forget', array( $article_id ) );
		tts_service_spawn_later();
	}
}

/**
 * Start WP-Cron at the end of this request (a non-blocking loopback request), so that the
 * audio is made within seconds and not at some later visit.
 */
function tts_service_spawn_later() {
	if ( ! has_action( 'shutdown', 'tts_service_spawn_cron' ) ) {
		add_action( 'shutdown', 'tts_service_spawn_cron' );
	}
}

/**
 * The shutdown hook of a request that queued work.
 */
function tts_service_spawn_cron() {
	if ( ! wp_doing_cron() && ( ! defined( 'DISABLE_WP_CRON' ) || ! DISABLE_WP_CRON ) ) {
		spawn_cron();
	}
}

/*
 * A lost spawn. spawn_cron() sets WP-Cron's lock, then sends its loopback request with a 10 ms
 * timeout; on a loaded server that request can be dropped before PHP reads it, and the lock
 * then keeps every spawn away for WP_CRON_LOCK_TIMEOUT (60 s), again after each drop: a post
 * waited minutes for its audio so. Each cron run notes the lock it runs under; a request that
 * finds a lock older than TTS_SERVICE_SPAWN_LOST seconds that no run noted, while work of the
 * plugin is due, takes it for a lost spawn and spawns again (a run that started meanwhile after
 * all sees the new lock before its next event and stops: core checks it before each one). Read
 * from the autoloaded options only: a page view makes no query for it.
 */
const TTS_SERVICE_CRON_SEEN  = 'tts_service_cron_seen';
const TTS_SERVICE_SPAWN_LOST = 5;
const TTS_SERVICE_CRON_HOOKS = array( 'tts_service_send', 'tts_service_forget', 'tts_service_catalogue_batch' );

/**
 * Whether WP-Cron's lock was set by a spawn whose run never started, while work of the plugin is due.
 *
 * @param array<string, mixed> $options The autoloaded options.
 * @param float                $now     The time.
 * @return bool
 */
function tts_service_spawn_was_lost( $options, $now ) {
	$lock = (string) ( $options['_transient_doing_cron'] ?? '' );
	if ( '' === $lock || (float) $lock + TTS_SERVICE_SPAWN_LOST > $now ) {
		return false;
	}
	if ( (string) ( $options[ TTS_SERVICE_CRON_SEEN ] ?? '' ) === $lock ) {
		return false; // Its run started: it runs still, or ended without clearing the lock.
	}
	foreach ( (array) wp_get_ready_cron_jobs() as $hooks ) {
		if ( array_intersect( array_keys( (array) $hooks ), TTS_SERVICE_CRON_HOOKS ) ) {
			return true;
		}
	}
	return false;
}

// A run started without a spawn's key (wp-cron.php called by the system's cron) sets its own lock.
add_action(
	'set_transient_doing_cron',
	function ( $value ) {
		if ( wp_doing_cron() ) {
			update_option( TTS_SERVICE_CRON_SEEN, (string) $value, true );
		}
	}
);

add_action(
	'init',
	function () {
		if ( defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON ) {
			return;
		}
		if ( wp_doing_cron() ) { // A run: note the lock it runs under.
			$key  = isset( $_GET['doing_wp_cron'] ) ? sanitize_text_field( wp_unslash( $_GET['doing_wp_cron'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			$lock = (string) get_transient( 'doing_cron' );
			// Only the lock's own run: a spawn's request that arrives after another lock was set
			// runs nothing (wp-cron.php compares the same two), and must not pass for that lock's run.
			if ( '' !== $key && $key === $lock ) {
				update_option( TTS_SERVICE_CRON_SEEN, $key, true );
			}
			return;
		}
		if ( tts_service_spawn_was_lost( wp_load_alloptions(), microtime( true ) ) ) {
			delete_transient( 'doing_cron' );
			spawn_cron();
		}
	},
	5 // Before core's wp_cron (10), which would otherwise wait out the lock.
);

add_action(
	'transition_post_status',
	function ( $new_status, $old_status, $post ) {
		if ( ! $post instanceof WP_Post || wp_is_post_revision( $post ) || wp_is_post_autosave( $post ) ) {
			return;
		}
		if ( 'publish' === $new_status ) {
			if ( tts_service_enabled_for( $post ) && tts_service_setting( 'auto' ) ) {
				tts_service_queue( $post->ID );
			}
		} elseif ( 'publish' === $old_status ) {
			tts_service_queue_forget( $post->ID );
		}
	},
	10,
	3
);

add_action(
	'before_delete_post',
	function ( $post_id ) {
		tts_service_queue_forget( (int) $post_id );
	}
);

/**
 * The post as the service reads it: the headline and the rendered content, without what
 * other plugins add after the content (share buttons) and without the player itself.
 *
 * @param WP_Post $post The post.
 * @return string
 */
function tts_service_article_html( $post ) {
	global $tts_service_rendering;
	$tts_service_rendering = true;
	setup_postdata( $post );
	$html = apply_filters( 'the_content', $post->post_content ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's filter: the post rendered as WordPress renders it.
	wp_reset_postdata();
	$tts_service_rendering = false;
	$start                 = strpos( $html, TTS_SERVICE_START );
	$end                   = strrpos( $html, TTS_SERVICE_END );
	if ( false !== $start && false !== $end && $end > $start ) {
		$html = substr( $html, $start + strlen( TTS_SERVICE_START ), $end - $start - strlen( TTS_SERVICE_START ) );
	}
	return '<h1>' . esc_html( get_the_title( $post ) ) . '</h1>' . $html;
}

/**
 * What goes to POST /api/articles for the post.
 *
 * @param WP_Post $post The post.
 * @return array<string, mixed>
 */
function tts_service_payload( $post ) {
	$payload = array(
		'html'   => tts_service_article_html( $post ),
		'title'  => wp_strip_all_tags( get_the_title( $post ) ),
		'author' => (string) get_the_author_meta( 'display_name', (int) $post->post_author ),
		'date'   => (string) get_post_time( 'c', true, $post ),
		'lang'   => (string) get_bloginfo( 'language' ),
		'feed'   => (bool) tts_service_setting( 'feed' ),
	);
	$voice   = (string) tts_service_setting( 'voice' );
	if ( '' !== $voice ) {
		$payload['voice'] = $voice;
	}
	foreach ( array(
		'captions' => 'read_captions',
		'faq'      => 'read_faq',
	) as $setting => $field ) {
		$choice = (string) tts_service_setting( $setting );
		if ( '' !== $choice ) { // Only a choice made here: else the service's own setting.
			$payload[ $field ] = '1' === $choice;
		}
	}
	$lexicon = tts_service_lexicon_for( $post->ID );
	if ( $lexicon ) {
		$payload['lexicon'] = $lexicon;
	}
	return $payload;
}

/**
 * Send the post (the cron event's work). An older version's audio is forgotten once the new
 * one is accepted: the service keeps the sentences both share.
 *
 * @param int $post_id The post.
 * @return string sent, busy (tried again later), failed or skipped.
 */
function tts_service_send( $post_id ) {
	$post = get_post( $post_id );
	if ( ! $post || 'publish' !== $post->post_status || ! tts_service_enabled_for( $post ) ) {
		return 'skipped';
	}
	$answer = tts_service_call( 'POST', '/api/articles', tts_service_payload( $post ) );
	if ( is_wp_error( $answer ) ) {
		$busy = in_array( $answer->get_error_code(), array( 'tts_service_http_503', 'tts_service_http_429' ), true );
		if ( $busy ) { // The service asks to wait: try again in a minute, not a failure.
			wp_schedule_single_event( time() + MINUTE_IN_SECONDS, 'tts_service_send', array( (int) $post_id ) );
			return 'busy';
		}
		update_post_meta( $post_id, TTS_SERVICE_META_STATUS, 'failed' );
		update_post_meta( $post_id, TTS_SERVICE_META_ERROR, $answer->get_error_message() );
		return 'failed';
	}
	$new_id = isset( $answer['body']['id'] ) ? (string) $answer['body']['id'] : '';
	if ( ! preg_match( '/^[0-9a-f]{32}$/', $new_id ) ) {
		update_post_meta( $post_id, TTS_SERVICE_META_STATUS, 'failed' );
		update_post_meta( $post_id, TTS_SERVICE_META_ERROR, __( 'The service answered without an article id.', 'tts-service' ) );
		return 'failed';
	}
	$old_id = (string) get_post_meta( $post_id, TTS_SERVICE_META_ID, true );
	update_post_meta( $post_id, TTS_SERVICE_META_ID, $new_id );
	update_post_meta( $post_id, TTS_SERVICE_META_STATUS, sanitize_key( (string) ( $answer['body']['status'] ?? 'pending' ) ) );
	delete_post_meta( $post_id, TTS_SERVICE_META_ERROR );
	if ( '' !== $old_id && $old_id !== $new_id ) {
		tts_service_call( 'DELETE', '/api/articles/' . rawurlencode( $old_id ) );
	}
	return 'sent';
}
add_action( 'tts_service_send', 'tts_service_send' );

/**
 * Forget an article at the service (the cron event's work); one already gone is fine.
 *
 * @param string $article_id The article.
 */
function tts_service_forget( $article_id ) {
	if ( preg_match( '/^[0-9a-f]{32}$/', (string) $article_id ) ) {
		tts_service_call( 'DELETE', '/api/articles/' . $article_id );
	}
}
add_action( 'tts_service_forget', 'tts_service_forget' );

/**
 * The post's own pronunciations ("word = say it so", one a line) as the article's lexicon; the
 * site's are on the service already (see lexicon.php), below these.
 *
 * @param int $post_id The post.
 * @return array<string, string>
 */
function tts_service_lexicon_for( $post_id ) {
	return tts_service_lexicon_entries( (string) get_post_meta( $post_id, TTS_SERVICE_META_LEXICON, true ) );
}
