<?php
/**
 * Settings → Listen pronunciations: the site's lexicon, words and how to say them, kept on the
 * service (PUT /api/lexicon), which says them so on every article of the site (a post's own
 * entries win), the player's on-demand reading of a page too. Saved through the Settings API
 * (options.php checks the nonce and manage_options); each change, and a change of the service's
 * URL or key, sends it to the service, and the page says whether the service holds it.
 *
 * @package TTS_Service
 */

defined( 'ABSPATH' ) || exit;

const TTS_SERVICE_SITE_LEXICON = 'tts_service_site_lexicon';
const TTS_SERVICE_LEXICON_MAX  = 200; // The service's limit on each side of an entry.
const TTS_SERVICE_LEXICON_SYNC = 'tts_service_lexicon_sync';

/**
 * The lexicon as a form sent it: one "word = say it so" a line, each side cleaned and cut to
 * the service's limit; lines without both sides are dropped.
 *
 * @param mixed $input The submitted text.
 * @return string
 */
function tts_service_sanitize_lexicon( $input ) {
	$kept = array();
	foreach ( preg_split( '/\r?\n/', is_string( $input ) ? $input : '' ) as $line ) {
		$parts = explode( '=', $line, 2 );
		if ( 2 !== count( $parts ) ) {
			continue;
		}
		$word = mb_substr( sanitize_text_field( $parts[0] ), 0, TTS_SERVICE_LEXICON_MAX );
		$said = mb_substr( sanitize_text_field( $parts[1] ), 0, TTS_SERVICE_LEXICON_MAX );
		if ( '' !== $word && '' !== $said ) {
			$kept[] = $word . ' = ' . $said;
		}
	}
	return implode( "\n", $kept );
}

add_action(
	'admin_init',
	function () {
		register_setting(
			'tts_service_lexicon',
			TTS_SERVICE_SITE_LEXICON,
			array(
				'type'              => 'string',
				'sanitize_callback' => 'tts_service_sanitize_lexicon',
				'show_in_rest'      => false,
				'default'           => '',
			)
		);
	}
);

add_action(
	'admin_menu',
	function () {
		add_options_page(
			__( 'Listen: pronunciations', 'tts-service' ),
			__( 'Listen pronunciations', 'tts-service' ),
			'manage_options',
			'tts-service-lexicon',
			'tts_service_lexicon_page'
		);
	}
);

/**
 * The site lexicon page: the entries in a text area, and a table of what they say.
 */
function tts_service_lexicon_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		wp_die( esc_html__( 'Sorry, you are not allowed to change these settings.', 'tts-service' ), 403 );
	}
	$lexicon = (string) get_option( TTS_SERVICE_SITE_LEXICON, '' );
	$entries = tts_service_lexicon_entries( $lexicon );
	?>
	<div class="wrap">
		<h1><?php esc_html_e( 'Listen: pronunciations', 'tts-service' ); ?></h1>
		<p><?php esc_html_e( 'How the voice says words on every post of the site: one "word = say it so" a line, such as "Nguyen = win". A post\'s own pronunciations win over these. They apply to posts sent from now on (publish or update a post to send it again).', 'tts-service' ); ?></p>
		<form method="post" action="options.php">
			<?php settings_fields( 'tts_service_lexicon' ); ?>
			<textarea class="large-text code" rows="12" id="tts-site-lexicon" name="<?php echo esc_attr( TTS_SERVICE_SITE_LEXICON ); ?>"><?php echo esc_textarea( $lexicon ); ?></textarea>
			<?php submit_button(); ?>
		</form>
		<?php tts_service_lexicon_sync_report( $entries ); ?>
		<?php if ( $entries ) : ?>
			<table class="widefat striped tts-service-lexicon">
				<thead><tr><th><?php esc_html_e( 'Word', 'tts-service' ); ?></th><th><?php esc_html_e( 'Said as', 'tts-service' ); ?></th></tr></thead>
				<tbody>
				<?php foreach ( $entries as $word => $said ) : ?>
					<tr><td><?php echo esc_html( (string) $word ); ?></td><td><?php echo esc_html( $said ); ?></td></tr>
				<?php endforeach; ?>
				</tbody>
			</table>
		<?php endif; ?>
	</div>
	<?php
}

/**
 * Lexicon lines ("word = say it so") as entries; later lines win.
 *
 * @param string $lines The lines.
 * @return array<string, string>
 */
function tts_service_lexicon_entries( $lines ) {
	$entries = array();
	foreach ( preg_split( '/\r?\n/', $lines ) as $line ) {
		$parts = explode( '=', $line, 2 );
		if ( 2 === count( $parts ) && '' !== trim( $parts[0] ) && '' !== trim( $parts[1] ) ) {
			$entries[ trim( $parts[0] ) ] = trim( $parts[1] );
		}
	}
	return $entries;
}

/**
 * Send the site's lexicon to the service, replacing the one it holds; the outcome is kept for the
 * page (the entries and version the service answered, or why it failed).
 *
 * @return bool Whether the service holds it now.
 */
function tts_service_sync_lexicon() {
	$entries = tts_service_lexicon_entries( (string) get_option( TTS_SERVICE_SITE_LEXICON, '' ) );
	$answer  = tts_service_call( 'PUT', '/api/lexicon', array( 'lexicon' => (object) $entries ), 10 );
	if ( is_wp_error( $answer ) ) {
		$sync = array(
			'ok'    => false,
			'error' => $answer->get_error_message(),
		);
	} else {
		$sync = array(
			'ok'      => true,
			'entries' => (int) ( $answer['body']['entries'] ?? 0 ),
			'version' => sanitize_key( (string) ( $answer['body']['version'] ?? '' ) ),
		);
	}
	$sync['time'] = time();
	update_option( TTS_SERVICE_LEXICON_SYNC, $sync, false );
	return $sync['ok'];
}

// Each change of the lexicon (or of the service it goes to) is sent at once.
add_action( 'add_option_' . TTS_SERVICE_SITE_LEXICON, 'tts_service_sync_lexicon', 10, 0 );
add_action( 'update_option_' . TTS_SERVICE_SITE_LEXICON, 'tts_service_sync_lexicon', 10, 0 );
add_action(
	'update_option_' . TTS_SERVICE_OPTION,
	function ( $before, $after ) {
		$before = is_array( $before ) ? $before : array();
		$after  = is_array( $after ) ? $after : array();
		if ( ( $before['url'] ?? '' ) !== ( $after['url'] ?? '' ) || ( $before['key'] ?? '' ) !== ( $after['key'] ?? '' ) ) {
			if ( '' !== ( $after['url'] ?? '' ) && '' !== (string) get_option( TTS_SERVICE_SITE_LEXICON, '' ) ) {
				tts_service_sync_lexicon();
			}
		}
	},
	10,
	2
);

/**
 * Whether the service holds the lexicon, and a button to send it again.
 *
 * @param array<string, string> $entries The lexicon's entries, as saved here.
 */
function tts_service_lexicon_sync_report( $entries ) {
	$sync = get_option( TTS_SERVICE_LEXICON_SYNC, array() );
	$sync = is_array( $sync ) ? $sync : array();
	if ( ! empty( $sync['ok'] ) ) {
		/* translators: 1: how many entries, 2: when they were sent. */
		$message = sprintf( _n( 'The service holds these pronunciations: %1$d entry, sent %2$s.', 'The service holds these pronunciations: %1$d entries, sent %2$s.', (int) $sync['entries'], 'tts-service' ), (int) $sync['entries'], wp_date( 'Y-m-d H:i:s', (int) $sync['time'] ) );
		$class   = 'notice-success';
	} elseif ( $sync ) {
		/* translators: %s: the service's reason. */
		$message = sprintf( __( 'The service does not hold these pronunciations: %s', 'tts-service' ), (string) $sync['error'] );
		$class   = 'notice-error';
	} else {
		$message = $entries ? __( 'These pronunciations were not sent to the service yet.', 'tts-service' ) : '';
		$class   = 'notice-warning';
	}
	?>
	<?php if ( '' !== $message ) : ?>
		<div class="notice inline <?php echo esc_attr( $class ); ?> tts-service-lexicon-sync"><p><?php echo esc_html( $message ); ?></p></div>
	<?php endif; ?>
	<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
		<?php wp_nonce_field( 'tts_service_lexicon_sync', 'tts_service_sync_nonce' ); ?>
		<input type="hidden" name="action" value="tts_service_lexicon_sync">
		<?php submit_button( __( 'Send to the service again', 'tts-service' ), 'secondary', 'submit', false ); ?>
	</form>
	<?php
}

add_action(
	'admin_post_tts_service_lexicon_sync',
	function () {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'tts-service' ), 403 );
		}
		check_admin_referer( 'tts_service_lexicon_sync', 'tts_service_sync_nonce' );
		tts_service_sync_lexicon();
		wp_safe_redirect( admin_url( 'options-general.php?page=tts-service-lexicon' ) );
		exit;
	}
);
