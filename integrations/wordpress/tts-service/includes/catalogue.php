<?php
/**
 * The back catalogue: a "Generate audio" bulk action on the posts list, and Tools → Listen, which
 * walks every published post in the background (WP-Cron, a batch at a time, in id order) with
 * progress and a report; stopping keeps its place, so starting again resumes.
 *
 * @package TTS_Service
 */

defined( 'ABSPATH' ) || exit;

const TTS_SERVICE_CATALOGUE         = 'tts_service_catalogue';
const TTS_SERVICE_CATALOGUE_RUNNING = 'tts_service_catalogue_running';
const TTS_SERVICE_BATCH             = 20;

/*
 * The walk's state is read from the database each time, never from this request's copy of the
 * options: a cron run that loaded the options while a walk was running would otherwise go on
 * walking after a Stop, and write "running" back over it. Whether the walk runs is its own
 * option, written only by Start, Stop, Start over and the walk's end, so a batch never undoes
 * a Stop. A batch saves its place only over the very state it read (a compare-and-set in one
 * UPDATE): after a Start over, a batch still in flight finds another state there and ends, so
 * the old place, counts and failures never come back.
 */

/**
 * An option's row as the database holds it now: its serialized value (null when there is none).
 *
 * @param string $name The option.
 * @return string|null
 */
function tts_service_raw_option( $name ) {
	global $wpdb;
	// phpcs:ignore WordPress.DB.DirectDatabaseQuery
	$value = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $name ) );
	return null === $value ? null : (string) $value;
}

/**
 * An option's value as the database holds it now (null when there is none).
 *
 * @param string $name The option.
 * @return mixed
 */
function tts_service_fresh_option( $name ) {
	$value = tts_service_raw_option( $name );
	return null === $value ? null : maybe_unserialize( $value );
}

/**
 * Forget this request's (and a persistent object cache's) copy of an option written directly.
 *
 * @param string $name The option.
 */
function tts_service_forget_cached_option( $name ) {
	wp_cache_delete( $name, 'options' );
	wp_cache_delete( 'alloptions', 'options' );
	wp_cache_delete( 'notoptions', 'options' );
}

/**
 * Write an option whatever this request's copy of it says.
 *
 * @param string $name     The option.
 * @param mixed  $value    Its value.
 * @param string $autoload 'yes' to load it with every request's options, else 'no'.
 */
function tts_service_store_option( $name, $value, $autoload = 'no' ) {
	global $wpdb;
	// phpcs:ignore WordPress.DB.DirectDatabaseQuery
	$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, %s) ON DUPLICATE KEY UPDATE option_value = VALUES(option_value), autoload = VALUES(autoload)", $name, maybe_serialize( $value ), $autoload ) );
	tts_service_forget_cached_option( $name );
}

/**
 * Set whether the walk runs. Autoloaded: a page view asks it (see the init hook below) without
 * a query of its own.
 *
 * @param bool $running Whether it runs.
 */
function tts_service_catalogue_set_running( $running ) {
	tts_service_store_option( TTS_SERVICE_CATALOGUE_RUNNING, $running ? '1' : '0', 'yes' );
}

/**
 * Whether the walk runs, as the database says now.
 *
 * @return bool
 */
function tts_service_catalogue_running() {
	return '1' === (string) tts_service_fresh_option( TTS_SERVICE_CATALOGUE_RUNNING );
}

/**
 * The walk's state from its row: running, the last post id done, counts, the failures' reasons,
 * and which run it is (Start over begins the next).
 *
 * @param string|null $row The serialized state, as tts_service_raw_option() read it.
 * @return array<string, mixed>
 */
function tts_service_catalogue_state_of( $row ) {
	$state = null === $row ? null : maybe_unserialize( $row );
	$state = array_merge(
		array(
			'run'    => 0,
			'cursor' => 0,
			'sent'   => 0,
			'failed' => array(),
		),
		is_array( $state ) ? $state : array()
	);
	// A walk that ended is not running, even in the moment between its end's write and its
	// flag's (the flag is written second, so that a Start over and Start meanwhile win).
	$state['running'] = empty( $state['done'] ) && tts_service_catalogue_running();
	return $state;
}

/**
 * The walk's state as the database holds it now.
 *
 * @return array<string, mixed>
 */
function tts_service_catalogue_state() {
	return tts_service_catalogue_state_of( tts_service_raw_option( TTS_SERVICE_CATALOGUE ) );
}

/**
 * Save the walk's place and report (not whether it runs), whatever the database holds.
 *
 * @param array<string, mixed> $state The state.
 */
function tts_service_catalogue_save( $state ) {
	unset( $state['running'] );
	tts_service_store_option( TTS_SERVICE_CATALOGUE, $state );
}

/**
 * Save the walk's place and report only over the state ``$row`` read (one UPDATE, so nothing
 * comes between the look and the write); ``$row`` becomes the new one.
 *
 * @param string|null          $row   The serialized state the batch read (and last wrote).
 * @param array<string, mixed> $state The state to save.
 * @return bool Whether it was saved: false when another request wrote the state meanwhile.
 */
function tts_service_catalogue_swap( &$row, $state ) {
	global $wpdb;
	unset( $state['running'] );
	$new = maybe_serialize( $state );
	if ( null === $row || $new === $row ) {
		return $new === $row;
	}
	// phpcs:ignore WordPress.DB.DirectDatabaseQuery
	$saved = $wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND CAST(option_value AS BINARY) = CAST(%s AS BINARY)", $new, TTS_SERVICE_CATALOGUE, $row ) );
	tts_service_forget_cached_option( TTS_SERVICE_CATALOGUE );
	if ( 1 !== $saved ) {
		return false;
	}
	$row = $new;
	return true;
}

/**
 * The published posts of the enabled types after ``$cursor``, in id order.
 *
 * @param int $cursor The last post id done.
 * @param int $limit  How many.
 * @return int[]
 */
function tts_service_catalogue_next( $cursor, $limit ) {
	global $wpdb;
	$types = (array) tts_service_setting( 'post_types' );
	if ( ! $types ) {
		return array();
	}
	$in = implode( ',', array_fill( 0, count( $types ), '%s' ) );
	// One %s per post type in $in: the sniff cannot count them.
	// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQLPlaceholders.ReplacementsWrongNumber
	$sql = $wpdb->prepare( "SELECT ID FROM {$wpdb->posts} WHERE post_status = 'publish' AND ID > %d AND post_type IN ($in) ORDER BY ID ASC LIMIT %d", array_merge( array( (int) $cursor ), $types, array( (int) $limit ) ) );
	return array_map( 'intval', $wpdb->get_col( $sql ) ); // phpcs:ignore WordPress.DB
}

/**
 * How many published posts of the enabled types there are (for the progress).
 *
 * @return int
 */
function tts_service_catalogue_total() {
	$total = 0;
	foreach ( (array) tts_service_setting( 'post_types' ) as $type ) {
		$counts = wp_count_posts( $type );
		$total += isset( $counts->publish ) ? (int) $counts->publish : 0;
	}
	return $total;
}

/**
 * One batch of the walk (the cron event's work); schedules the next while running. Whether
 * the walk still runs is asked before each post, and each post's place is saved only over the
 * state the batch read: a Start over (or another batch) meanwhile ends this one.
 */
function tts_service_catalogue_batch() {
	if ( ! tts_service_catalogue_running() ) {
		return;
	}
	$row   = tts_service_raw_option( TTS_SERVICE_CATALOGUE );
	$state = tts_service_catalogue_state_of( $row );
	foreach ( tts_service_catalogue_next( $state['cursor'], TTS_SERVICE_BATCH ) as $post_id ) {
		if ( ! tts_service_catalogue_running() ) {
			return; // Stopped from the tools page: the place is kept.
		}
		$post = get_post( $post_id );
		if ( tts_service_enabled_for( $post ) && '' === (string) get_post_meta( $post_id, TTS_SERVICE_META_ID, true ) ) {
			$sent = tts_service_send( $post_id );
			if ( 'busy' === $sent ) { // The service is full: the walk waits, its place kept.
				wp_clear_scheduled_hook( 'tts_service_send', array( (int) $post_id ) );
				wp_schedule_single_event( time() + 5, 'tts_service_catalogue_batch' );
				return;
			}
			if ( 'failed' === $sent ) {
				$state['failed'][ $post_id ] = (string) get_post_meta( $post_id, TTS_SERVICE_META_ERROR, true );
			}
		}
		++$state['sent'];
		$state['cursor'] = $post_id;
		if ( ! tts_service_catalogue_swap( $row, $state ) ) {
			return; // Started over meanwhile: this batch's place is no longer the walk's.
		}
	}
	if ( tts_service_catalogue_next( $state['cursor'], 1 ) ) {
		wp_schedule_single_event( time(), 'tts_service_catalogue_batch' );
		tts_service_spawn_later();
	} else {
		$state['done'] = true;
		if ( tts_service_catalogue_swap( $row, $state ) ) {
			tts_service_catalogue_set_running( false );
		}
	}
}
add_action( 'tts_service_catalogue_batch', 'tts_service_catalogue_batch' );

// A running walk whose next batch is not scheduled (WP-Cron's array rewritten by a concurrent
// cron run that loaded it earlier) is scheduled again: the walk never stalls. Asked of the
// autoloaded options this request already holds: a page view makes no query for it.
add_action(
	'init',
	function () {
		$options = wp_load_alloptions();
		if ( '1' === (string) ( $options[ TTS_SERVICE_CATALOGUE_RUNNING ] ?? '' ) && ! wp_next_scheduled( 'tts_service_catalogue_batch' ) ) {
			wp_schedule_single_event( time(), 'tts_service_catalogue_batch' );
		}
	}
);

/**
 * Start (or resume), stop, or start over. Stop writes only whether the walk runs (a batch in
 * flight keeps its place); Start over stops the walk first, then writes the next run's empty
 * state, over which no earlier batch can save.
 *
 * @param string $command start, stop or reset.
 */
function tts_service_catalogue_command( $command ) {
	$state = tts_service_catalogue_state();
	if ( 'reset' === $command ) {
		tts_service_catalogue_set_running( false );
		tts_service_catalogue_save(
			array(
				'run'    => (int) $state['run'] + 1,
				'cursor' => 0,
				'sent'   => 0,
				'failed' => array(),
			)
		);
		return;
	}
	if ( 'start' === $command && ( ! empty( $state['done'] ) || null === tts_service_raw_option( TTS_SERVICE_CATALOGUE ) ) ) {
		unset( $state['done'] );
		tts_service_catalogue_save( $state );
	}
	tts_service_catalogue_set_running( 'start' === $command );
	if ( 'start' === $command && ! wp_next_scheduled( 'tts_service_catalogue_batch' ) ) {
		wp_schedule_single_event( time(), 'tts_service_catalogue_batch' );
		tts_service_spawn_later();
	}
}

add_action(
	'admin_menu',
	function () {
		add_management_page( __( 'Listen', 'tts-service' ), __( 'Listen', 'tts-service' ), 'manage_options', 'tts-service-catalogue', 'tts_service_catalogue_page' );
	}
);

add_action(
	'admin_post_tts_service_catalogue',
	function () {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'tts-service' ), 403 );
		}
		check_admin_referer( 'tts_service_catalogue' );
		$command = isset( $_POST['command'] ) ? sanitize_key( wp_unslash( $_POST['command'] ) ) : '';
		if ( in_array( $command, array( 'start', 'stop', 'reset' ), true ) ) {
			tts_service_catalogue_command( $command );
		}
		wp_safe_redirect( admin_url( 'tools.php?page=tts-service-catalogue' ) );
		exit;
	}
);

/**
 * Tools → Listen: the walk's progress, its report, and its buttons.
 */
function tts_service_catalogue_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'tts-service' ), 403 );
	}
	$state = tts_service_catalogue_state();
	$total = tts_service_catalogue_total();
	?>
	<div class="wrap">
		<h1><?php esc_html_e( 'Listen: the back catalogue', 'tts-service' ); ?></h1>
		<p class="tts-service-progress" data-sent="<?php echo esc_attr( (string) $state['sent'] ); ?>" data-total="<?php echo esc_attr( (string) $total ); ?>" data-running="<?php echo esc_attr( $state['running'] ? '1' : '0' ); ?>">
			<?php
			/* translators: 1: posts sent, 2: published posts. */
			echo esc_html( sprintf( __( '%1$d of %2$d published posts sent.', 'tts-service' ), $state['sent'], $total ) );
			echo ' ' . esc_html( $state['running'] ? __( 'Running.', 'tts-service' ) : ( ! empty( $state['done'] ) ? __( 'Done.', 'tts-service' ) : __( 'Stopped.', 'tts-service' ) ) );
			?>
		</p>
		<?php if ( $state['failed'] ) : ?>
			<h2><?php esc_html_e( 'Failed', 'tts-service' ); ?></h2>
			<ul class="tts-service-failed">
			<?php foreach ( $state['failed'] as $post_id => $reason ) : ?>
				<li><?php echo esc_html( get_the_title( (int) $post_id ) . ': ' . $reason ); ?></li>
			<?php endforeach; ?>
			</ul>
		<?php endif; ?>
		<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
			<?php wp_nonce_field( 'tts_service_catalogue' ); ?>
			<input type="hidden" name="action" value="tts_service_catalogue">
			<?php if ( $state['running'] ) : ?>
				<button class="button" name="command" value="stop"><?php esc_html_e( 'Stop', 'tts-service' ); ?></button>
			<?php else : ?>
				<button class="button button-primary" name="command" value="start"><?php echo esc_html( $state['sent'] ? __( 'Resume', 'tts-service' ) : __( 'Generate audio for every published post', 'tts-service' ) ); ?></button>
				<button class="button" name="command" value="reset"><?php esc_html_e( 'Start over', 'tts-service' ); ?></button>
			<?php endif; ?>
		</form>
	</div>
	<?php
}

/**
 * The posts list's bulk actions, with "Generate audio".
 *
 * @param array<string, string> $actions The actions.
 * @return array<string, string>
 */
function tts_service_bulk_actions( $actions ) {
	$actions['tts_service_generate'] = __( 'Generate audio', 'tts-service' );
	return $actions;
}

/**
 * "Generate audio": queue the chosen published posts the plugin reads and the user may edit.
 *
 * @param string $redirect Where the list goes next.
 * @param string $action   The bulk action.
 * @param int[]  $post_ids The chosen posts.
 * @return string
 */
function tts_service_handle_bulk_action( $redirect, $action, $post_ids ) {
	if ( 'tts_service_generate' !== $action ) {
		return $redirect;
	}
	$queued = 0;
	foreach ( $post_ids as $post_id ) {
		$post = get_post( (int) $post_id );
		if ( $post && 'publish' === $post->post_status && tts_service_enabled_for( $post ) && current_user_can( 'edit_post', $post->ID ) ) {
			tts_service_queue( $post->ID );
			++$queued;
		}
	}
	return add_query_arg( 'tts_service_queued', $queued, $redirect );
}

// The bulk action on the list of every post type the plugin reads (Settings → Listen).
add_action(
	'admin_init',
	function () {
		foreach ( (array) tts_service_setting( 'post_types' ) as $type ) {
			add_filter( "bulk_actions-edit-{$type}", 'tts_service_bulk_actions' );
			add_filter( "handle_bulk_actions-edit-{$type}", 'tts_service_handle_bulk_action', 10, 3 );
		}
	}
);

// After "Generate audio": how many of the chosen posts were queued (the count is all it reads).
add_action(
	'admin_notices',
	function () {
		if ( ! isset( $_GET['tts_service_queued'] ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			return;
		}
		$queued = absint( $_GET['tts_service_queued'] ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		/* translators: %d: how many posts were queued. */
		$message = sprintf( _n( '%d post queued for audio.', '%d posts queued for audio.', $queued, 'tts-service' ), $queued );
		echo '<div class="notice notice-success is-dismissible tts-service-queued"><p>' . esc_html( $message ) . '</p></div>';
	}
);

add_filter(
	'removable_query_args',
	function ( $args ) {
		$args[] = 'tts_service_queued';
		return $args;
	}
);
