<?php
/**
 * Plugin Name:       Listen (tts-service)
 * Description:       A "Click to start listening" player on every post, its audio made by your tts-service on publish.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.2
 * License:           MIT
 * Text Domain:       tts-service
 *
 * @package TTS_Service
 */

defined( 'ABSPATH' ) || exit;

define( 'TTS_SERVICE_VERSION', '0.1.0' );
define( 'TTS_SERVICE_DIR', __DIR__ );
define( 'TTS_SERVICE_FILE', __FILE__ );

require_once TTS_SERVICE_DIR . '/includes/settings.php';
require_once TTS_SERVICE_DIR . '/includes/lexicon.php';
require_once TTS_SERVICE_DIR . '/includes/client.php';
require_once TTS_SERVICE_DIR . '/includes/sync.php';
require_once TTS_SERVICE_DIR . '/includes/player.php';
require_once TTS_SERVICE_DIR . '/includes/post-box.php';
require_once TTS_SERVICE_DIR . '/includes/catalogue.php';

/*
 * Activation stores the settings (defaults until saved) and the walk's flag as autoloaded
 * options, so that no page view queries them one by one; deactivation drops the plugin's
 * scheduled work (uninstall.php removes its options and post meta).
 */
register_activation_hook(
	__FILE__,
	function () {
		add_option( TTS_SERVICE_OPTION, array(), '', 'yes' );
		if ( null === tts_service_fresh_option( TTS_SERVICE_CATALOGUE_RUNNING ) ) {
			tts_service_catalogue_set_running( false );
		}
	}
);

register_deactivation_hook(
	__FILE__,
	function () {
		foreach ( array( 'tts_service_catalogue_batch', 'tts_service_send', 'tts_service_forget' ) as $hook ) {
			wp_unschedule_hook( $hook );
		}
	}
);
